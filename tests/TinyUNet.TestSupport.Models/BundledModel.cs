namespace TinyUNet.TestSupport.Models;

/// <summary>The trained model the product ships (models/tinyunet-covid in the repository), for tests that need real answers.</summary>
public static class BundledModel
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TinyUNet.Worker.sln"))) return Path.Combine(dir.FullName, "models", "tinyunet-covid");
        throw new DirectoryNotFoundException("No TinyUNet.Worker.sln above " + AppContext.BaseDirectory);
    });

    public static string Directory => Folder.Value;
}
