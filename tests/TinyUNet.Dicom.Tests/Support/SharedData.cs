namespace TinyUNet.Dicom.Tests.Support;

/// <summary>Finds the repository's shared/ folder by walking up from the test binaries (worktrees sit beside it).</summary>
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
}
