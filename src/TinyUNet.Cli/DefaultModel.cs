namespace TinyUNet.Cli;

/// <summary>
/// The bundled default model, models/tinyunet-covid: beside the executable (publish output, container image), else
/// found by walking up from the executable (a build output inside the clone) and from the working directory.
/// </summary>
public static class DefaultModel
{
    public const string RelativePath = "models/tinyunet-covid";

    /// <summary>The requested bundle, or the bundled default when none was requested.</summary>
    public static string Resolve(DirectoryInfo? requested) => requested?.FullName ?? Locate();

    public static string Locate()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(Path.Combine(candidate, Model.Bundles.ModelBundle.ManifestFileName))) return candidate;
            }
        throw new FileNotFoundException(
            $"No --model given and the bundled default model {RelativePath} was not found above {AppContext.BaseDirectory} " +
            $"or {Directory.GetCurrentDirectory()}: pass --model <bundle> or train one (tinyunet train).");
    }
}
