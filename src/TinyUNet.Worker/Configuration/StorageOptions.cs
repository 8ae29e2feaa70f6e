using TinyUNet.Hosting;

namespace TinyUNet.Worker.Configuration;

/// <summary>
/// Folders: where SEGs and volumetrics JSON go (<see cref="OutputRoot"/>), where fetched studies are staged while
/// processed (<see cref="WorkRoot"/>, emptied after each study) and which folders messages may point into.
/// </summary>
public sealed class StorageOptions : IValidatedOptions
{
    public const string Section = "Storage";

    public string OutputRoot { get; set; } = "";
    public string WorkRoot { get; set; } = Path.Combine(Path.GetTempPath(), "tinyunet-worker");
    public string[] SourceRoots { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputRoot) || !Path.IsPathFullyQualified(OutputRoot))
            yield return $"{Section}:OutputRoot must be an absolute path.";
        if (string.IsNullOrWhiteSpace(WorkRoot) || !Path.IsPathFullyQualified(WorkRoot))
            yield return $"{Section}:WorkRoot must be an absolute path.";
        foreach (string root in SourceRoots)
            if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
                yield return $"{Section}:SourceRoots entries must be absolute paths ('{root}' is not).";
    }
}
