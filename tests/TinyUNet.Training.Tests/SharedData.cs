namespace TinyUNet.Training.Tests;

/// <summary>Finds the read-only ../shared folder beside the clone (walks up from the test binaries).</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, "shared", "data")))
                return System.IO.Path.Combine(dir.FullName, "shared");
        throw new DirectoryNotFoundException("shared/data not found above " + AppContext.BaseDirectory);
    });

    public static string CovidSemiSeg => System.IO.Path.Combine(Root.Value, "data", "covid-semiseg-train");
}
