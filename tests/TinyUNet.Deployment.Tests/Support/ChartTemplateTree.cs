using System.Text.RegularExpressions;

namespace TinyUNet.Deployment.Tests.Support;

/// <summary>
/// A chart template split into lines and block actions (if / with / range / define … else … end). Lines holding only
/// actions are actions; any other line is text whose inline actions are evaluated in place. That is how this chart
/// writes its templates (one control action per line), which keeps the test-side renderer small.
/// </summary>
public sealed partial class ChartTemplateTree
{
    public abstract record Node;

    public sealed record TextLine(string Text) : Node;

    public sealed record ActionLine(string Expression) : Node;

    public sealed record Block(string Keyword, string Expression, List<Node> Body, List<Node> Else) : Node;

    private ChartTemplateTree(List<Node> nodes, Dictionary<string, List<Node>> defines) => (Nodes, Defines) = (nodes, defines);

    public List<Node> Nodes { get; }

    /// <summary>Named templates ({{ define "name" }}) found in the file.</summary>
    public Dictionary<string, List<Node>> Defines { get; }

    public static ChartTemplateTree Parse(string template)
    {
        string withoutComments = CommentAction().Replace(template, "");
        var root = new List<Node>();
        var defines = new Dictionary<string, List<Node>>();
        var open = new Stack<(Block Block, bool InElse)>();
        List<Node> Current() => open.Count == 0 ? root : open.Peek().InElse ? open.Peek().Block.Else : open.Peek().Block.Body;

        foreach (string line in withoutComments.Split('\n'))
        {
            if (!ActionOnlyLine().IsMatch(line))
            {
                Current().Add(new TextLine(line));
                continue;
            }
            foreach (Match action in InlineAction().Matches(line))
            {
                string expression = action.Groups[1].Value.Trim();
                string keyword = expression.Split(' ', 2)[0];
                switch (keyword)
                {
                    case "if" or "with" or "range" or "define":
                        var block = new Block(keyword, expression[keyword.Length..].Trim(), [], []);
                        if (keyword == "define") defines[block.Expression.Trim('"')] = block.Body;
                        else Current().Add(block);
                        open.Push((block, false));
                        break;
                    case "else":
                        if (expression != "else") throw new NotSupportedException("else-if is not used by this chart: " + expression);
                        open.Push((open.Pop().Block, true));
                        break;
                    case "end":
                        open.Pop();
                        break;
                    default:
                        Current().Add(new ActionLine(expression));
                        break;
                }
            }
        }
        if (open.Count != 0) throw new InvalidDataException($"{open.Count} block(s) without end.");
        return new ChartTemplateTree(root, defines);
    }

    [GeneratedRegex(@"\{\{-?\s*/\*.*?\*/\s*-?\}\}", RegexOptions.Singleline)]
    private static partial Regex CommentAction();

    [GeneratedRegex(@"^\s*(\{\{(?:(?!\}\}).)*\}\}\s*)+$")]
    private static partial Regex ActionOnlyLine();

    [GeneratedRegex(@"\{\{-?(.*?)-?\}\}")]
    internal static partial Regex InlineAction();
}
