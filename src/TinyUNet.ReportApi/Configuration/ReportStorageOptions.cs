using TinyUNet.Hosting;

namespace TinyUNet.ReportApi.Configuration;

/// <summary>
/// The worker's output store as mounted here (same path as the worker's Storage:OutputRoot, since runs record
/// absolute SEG paths). Montages are served only from inside it, whatever a database row says.
/// </summary>
public sealed class ReportStorageOptions : IValidatedOptions
{
    public const string Section = "Storage";

    public string OutputRoot { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputRoot) || !Path.IsPathFullyQualified(OutputRoot))
            yield return $"{Section}:OutputRoot must be an absolute path.";
    }
}
