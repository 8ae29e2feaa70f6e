namespace TinyUNet.Model.Tests;

/// <summary>Finds the read-only ../shared folder that sits beside the clone (CI puts it there too).</summary>
public static class SharedFixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "fixtures", "tinyunet-parity");
            if (Directory.Exists(candidate)) return Path.Combine(dir.FullName, "shared");
        }
        throw new DirectoryNotFoundException("shared/fixtures/tinyunet-parity not found above " + AppContext.BaseDirectory);
    });

    public static string ParityWeights => Path.Combine(Root.Value, "fixtures", "tinyunet-parity", "parity_a.weights.safetensors");
    public static string ParityIo => Path.Combine(Root.Value, "fixtures", "tinyunet-parity", "parity_a.io.safetensors");
}
