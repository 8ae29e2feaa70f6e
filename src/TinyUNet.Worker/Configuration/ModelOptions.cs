using TinyUNet.Hosting;

namespace TinyUNet.Worker.Configuration;

/// <summary>The model bundle (weights + manifest) loaded once per process.</summary>
public sealed class ModelOptions : IValidatedOptions
{
    public const string Section = "Model";

    public string BundlePath { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(BundlePath)) yield return $"{Section}:BundlePath is required.";
        else if (!Directory.Exists(BundlePath)) yield return $"{Section}:BundlePath '{BundlePath}' is not a folder.";
    }
}
