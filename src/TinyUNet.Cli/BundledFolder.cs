namespace TinyUNet.Cli;

/// <summary>
/// A folder shipped with the CLI (the default model, the sample study): beside the executable (publish output,
/// container image), else found by walking up from the executable (a build output inside the clone) and from the
/// working directory.
/// </summary>
public static class BundledFolder
{
    /// <summary>The first <paramref name="relativePath"/> holding <paramref name="markerFile"/>, or null.</summary>
    public static string? Find(string relativePath, string markerFile)
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, relativePath);
                if (File.Exists(Path.Combine(candidate, markerFile))) return candidate;
            }
        return null;
    }
}
