namespace TinyUNet.TestSupport;

/// <summary>
/// Finds the read-only shared/ folder (reference data, fixtures) by walking up from the test binaries: the clone
/// and its worktrees sit beside it, in CI too.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "data", "dicom"))) return Path.Combine(dir.FullName, "shared");
        }
        throw new DirectoryNotFoundException("No shared/data/dicom above " + AppContext.BaseDirectory);
    });

    public static string Dicom(params string[] parts) => Path.Combine([Root.Value, "data", "dicom", .. parts]);
    public static string CovidSemiSeg => Data("covid-semiseg-train");
    public static string Data(params string[] parts) => Path.Combine([Root.Value, "data", .. parts]);
    public static string ParityWeights => Path.Combine(Root.Value, "fixtures", "tinyunet-parity", "parity_a.weights.safetensors");
    public static string ParityIo => Path.Combine(Root.Value, "fixtures", "tinyunet-parity", "parity_a.io.safetensors");
}
