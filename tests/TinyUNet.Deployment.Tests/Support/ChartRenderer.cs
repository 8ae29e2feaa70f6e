using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using static TinyUNet.Deployment.Tests.Support.ChartTemplateTree;

namespace TinyUNet.Deployment.Tests.Support;

/// <summary>
/// A test-side stand-in for `helm template` (helm is not installed here): evaluates the subset of Go templates this
/// chart uses — .Values paths, not/and/le/lt/ge/gt, default, required, fail, quote, dict, include and toYaml with
/// nindent, if/with/range/else — against values.yaml plus overrides. Anything else (.Release, .Chart, printf, …) becomes
/// the placeholder "tpl", and a condition it cannot evaluate takes its first branch. Names therefore read "tpl-worker".
/// </summary>
public sealed partial class ChartRenderer
{
    public const string Placeholder = "tpl";
    private static readonly object Unknown = new();
    private readonly string chartDirectory;
    private readonly Dictionary<string, List<Node>> helpers;
    private readonly Root root;

    public ChartRenderer(string chartDirectory, YamlMappingNode values)
    {
        this.chartDirectory = chartDirectory;
        helpers = Parse(File.ReadAllText(Path.Combine(chartDirectory, "templates", "_helpers.tpl"))).Defines;
        root = new Root(values);
    }

    private sealed record Root(YamlMappingNode Values);

    public static ChartRenderer WithDefaults(Action<YamlMappingNode>? overrides = null)
    {
        YamlMappingNode values = YamlNodes.LoadMapping(RepositoryFiles.Read("helm", "tinyunet", "values.yaml"));
        overrides?.Invoke(values);
        return new ChartRenderer(RepositoryFiles.ChartPath(), values);
    }

    public string RenderText(string templateName)
    {
        var output = new List<string>();
        RenderNodes(Parse(File.ReadAllText(Path.Combine(chartDirectory, "templates", templateName))).Nodes, root, output);
        return string.Join('\n', output);
    }

    /// <summary>The manifests a template renders to (empty documents dropped).</summary>
    public IReadOnlyList<YamlMappingNode> Render(string templateName) =>
        YamlNodes.Load(RenderText(templateName)).Documents
            .Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();

    private void RenderNodes(List<Node> nodes, object dot, List<string> output)
    {
        foreach (Node node in nodes)
        {
            switch (node)
            {
                case TextLine text:
                    output.Add(InlineAction().Replace(text.Text, m => Format(Evaluate(m.Groups[1].Value.Trim(), dot))));
                    break;
                case ActionLine action:
                    RenderAction(action.Expression, dot, output);
                    break;
                case Block { Keyword: "if" } block:
                    RenderNodes(Truthy(Evaluate(block.Expression, dot)) ? block.Body : block.Else, dot, output);
                    break;
                case Block { Keyword: "with" } block:
                    object value = Evaluate(block.Expression, dot);
                    if (Truthy(value)) RenderNodes(block.Body, value, output);
                    else RenderNodes(block.Else, dot, output);
                    break;
                case Block { Keyword: "range" } block:
                    foreach (YamlNode item in Evaluate(block.Expression, dot) is YamlSequenceNode s ? s.Children : [])
                        RenderNodes(block.Body, item, output);
                    break;
            }
        }
    }

    private void RenderAction(string expression, object dot, List<string> output)
    {
        if (expression.StartsWith("fail ", StringComparison.Ordinal)) throw new TemplateFailedException(expression);
        Match indented = IndentedAction().Match(expression);
        if (!indented.Success)
        {
            // Variable assignments write nothing; any other action writes its value (helpers are built from these).
            if (!VariableAssignment().IsMatch(expression)) output.Add(Format(Evaluate(expression, dot)));
            return;
        }
        string indent = new(' ', int.Parse(indented.Groups["n"].Value, CultureInfo.InvariantCulture));
        IEnumerable<string> lines = indented.Groups["name"].Success
            ? RenderHelper(indented.Groups["name"].Value, Evaluate(indented.Groups["arg"].Value, dot))
            : ToYaml(Evaluate(indented.Groups["value"].Value, dot));
        output.AddRange(lines.Where(l => l.Trim().Length > 0).Select(l => indent + l));
    }

    private List<string> RenderHelper(string name, object context)
    {
        var lines = new List<string>();
        RenderNodes(helpers.TryGetValue(name, out List<Node>? body) ? body : throw new KeyNotFoundException("No template " + name), context, lines);
        return lines;
    }

    private object Evaluate(string expression, object dot)
    {
        string[] pipeline = SplitTopLevel(expression, '|');
        object value = EvaluateCall(pipeline[0].Trim(), dot);
        bool quote = pipeline.Skip(1).Any(f => f.Trim() == "quote");
        return quote && value != Unknown ? "\"" + Format(value).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : value;
    }

    private object EvaluateCall(string expression, object dot)
    {
        if (expression.StartsWith('(') && expression.EndsWith(')')) return Evaluate(expression[1..^1], dot);
        if (expression.StartsWith('"')) return expression.Trim('"');
        if (int.TryParse(expression, CultureInfo.InvariantCulture, out _)) return expression;
        string[] args = SplitTopLevel(expression, ' ').Where(a => a.Length > 0).ToArray();
        object Arg(int i) => Evaluate(args[i], dot);
        return args[0] switch
        {
            "$" => root,
            "." => dot,
            "not" => !Truthy(Arg(1)),
            "and" => Truthy(Arg(1)) && Truthy(Arg(2)),
            "or" => Truthy(Arg(1)) || Truthy(Arg(2)),
            "int" => Arg(1),
            "default" => Truthy(Arg(2)) ? Arg(2) : Arg(1),
            "le" or "lt" or "ge" or "gt" => Compare(args[0], Arg(1), Arg(2)),
            "required" => Truthy(Arg(2)) ? Arg(2) : throw new TemplateFailedException(Format(Arg(1))),
            "include" when Arg(1) == Unknown => Unknown, // e.g. include (print $.Template.BasePath …) for checksums
            "include" => string.Concat(RenderHelper(Format(Arg(1)), Arg(2)).Select(l => l.Trim())),
            "printf" => Printf(Format(Arg(1)), args.Skip(2).Select(a => Format(Evaluate(a, dot)))),
            "dict" => Enumerable.Range(0, (args.Length - 1) / 2).ToDictionary(i => Format(Arg(1 + 2 * i)), i => Arg(2 + 2 * i)),
            _ when args.Length == 1 && args[0].StartsWith('.') => Lookup(dot, args[0]),
            _ when args.Length == 1 && args[0].StartsWith("$.", StringComparison.Ordinal) => Lookup(root, args[0][1..]),
            _ => Unknown,
        };
    }

    private static string Printf(string format, IEnumerable<string> values)
    {
        using IEnumerator<string> next = values.GetEnumerator();
        return PrintfVerb().Replace(format, _ => next.MoveNext() ? next.Current : Placeholder);
    }

    private static object Compare(string op, object left, object right)
    {
        if (!int.TryParse(Format(left), CultureInfo.InvariantCulture, out int a) || !int.TryParse(Format(right), CultureInfo.InvariantCulture, out int b))
            return Unknown;
        return op switch { "le" => a <= b, "lt" => a < b, "ge" => a >= b, _ => a > b };
    }

    private static object Lookup(object context, string path)
    {
        object current = context;
        foreach (string key in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current switch
            {
                Root r when key == "Values" => r.Values,
                YamlMappingNode m => m.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child) ? child : Unknown,
                Dictionary<string, object> d => d.TryGetValue(key, out object? v) ? v : Unknown,
                _ => Unknown,
            };
            if (current == Unknown) return Unknown;
        }
        return current;
    }

    private static bool Truthy(object value) => value switch
    {
        bool b => b,
        string s => s.Length > 0,
        YamlScalarNode s => !(s.Value is null or "" or "false" or "0" or "null" or "~"),
        YamlMappingNode m => m.Children.Count > 0,
        YamlSequenceNode q => q.Children.Count > 0,
        _ => true, // Unknown and contexts: the first branch
    };

    private static string Format(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        YamlScalarNode s => s.Value ?? "",
        _ => Placeholder,
    };

    private static IEnumerable<string> ToYaml(object value) => value is YamlNode node
        ? YamlEmitter.Emit(node, 0)
        : [Placeholder + ": " + Placeholder];

    /// <summary>Splits on a separator outside parentheses and double quotes.</summary>
    private static string[] SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        int depth = 0;
        bool quoted = false;
        foreach (char c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == '(') depth++;
            else if (!quoted && c == ')') depth--;
            if (c == separator && depth == 0 && !quoted) { parts.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        parts.Add(current.ToString());
        return parts.ToArray();
    }

    [GeneratedRegex(@"%[sd]")]
    private static partial Regex PrintfVerb();

    [GeneratedRegex(@"^\$\w+\s*:?=")]
    private static partial Regex VariableAssignment();

    [GeneratedRegex(@"^(?:include\s+""(?<name>[^""]+)""\s+(?<arg>.+?)|toYaml\s+(?<value>.+?))\s*\|\s*nindent\s+(?<n>\d+)$")]
    private static partial Regex IndentedAction();
}
