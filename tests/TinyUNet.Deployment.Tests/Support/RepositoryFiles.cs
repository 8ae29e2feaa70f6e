namespace TinyUNet.Deployment.Tests.Support;

/// <summary>Paths in the repository under test, found by walking up from the test binaries to the solution file.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TinyUNet.Worker.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("No TinyUNet.Worker.sln above " + AppContext.BaseDirectory);
    });

    public static string PathOf(params string[] parts) => Path.Combine([Root.Value, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    public static string ChartPath(params string[] parts) => PathOf(["helm", "tinyunet", .. parts]);
}
