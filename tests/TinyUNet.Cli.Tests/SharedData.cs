namespace TinyUNet.Cli.Tests;

/// <summary>Finds the read-only ../shared folder beside the clone.</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, "shared", "fixtures", "tinyunet-parity")))
                return System.IO.Path.Combine(dir.FullName, "shared");
        throw new DirectoryNotFoundException("shared/ not found above " + AppContext.BaseDirectory);
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
    public static string ParityWeights => Path("fixtures", "tinyunet-parity", "parity_a.weights.safetensors");
    public static string ParityIo => Path("fixtures", "tinyunet-parity", "parity_a.io.safetensors");
}
