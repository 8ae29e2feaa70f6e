using System.Text.RegularExpressions;

namespace TinyUNet.Deployment.Tests.Support;

/// <summary>A Dockerfile as stages of instructions: continuation lines joined, comments dropped, ARG defaults applied to FROM.</summary>
public sealed partial class DockerfileModel
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string Name, string BaseImage, IReadOnlyList<Instruction> Instructions)
    {
        public IEnumerable<string> All(string keyword) =>
            Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
    }

    private DockerfileModel(IReadOnlyList<Stage> stages, IReadOnlyDictionary<string, string> globalArgs) =>
        (Stages, GlobalArgs) = (stages, globalArgs);

    public IReadOnlyList<Stage> Stages { get; }

    public IReadOnlyDictionary<string, string> GlobalArgs { get; }

    public Stage this[string name] => Stages.Single(s => s.Name == name);

    public static DockerfileModel Parse(string text)
    {
        string joined = Continuation().Replace(string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith('#'))), " ");
        var globalArgs = new Dictionary<string, string>();
        var stages = new List<Stage>();
        List<Instruction>? current = null;
        foreach (string line in joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            string[] parts = line.Split(' ', 2);
            var instruction = new Instruction(parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1].Trim() : "");
            if (instruction.Keyword == "FROM")
            {
                Match from = FromLine().Match(instruction.Arguments);
                string image = ArgReference().Replace(from.Groups["image"].Value, m => globalArgs.GetValueOrDefault(m.Groups[1].Value, m.Value));
                current = [];
                stages.Add(new Stage(from.Groups["name"].Value, image, current));
            }
            else if (current is null && instruction.Keyword == "ARG")
            {
                string[] arg = instruction.Arguments.Split('=', 2);
                globalArgs[arg[0]] = arg.Length > 1 ? arg[1] : "";
            }
            else current?.Add(instruction);
        }
        return new DockerfileModel(stages, globalArgs);
    }

    [GeneratedRegex(@"\\\s*\n")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"^(?<image>\S+)(\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex ArgReference();
}
