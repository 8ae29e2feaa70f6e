namespace TinyUNet.Cli;

/// <summary>The bundled default model, models/tinyunet-covid (see <see cref="BundledFolder"/> for where it is looked for).</summary>
public static class DefaultModel
{
    public const string RelativePath = "models/tinyunet-covid";

    /// <summary>The requested bundle, or the bundled default when none was requested.</summary>
    public static string Resolve(DirectoryInfo? requested) => requested?.FullName ?? Locate();

    public static string Locate() =>
        BundledFolder.Find(RelativePath, Model.Bundles.ModelBundle.ManifestFileName) ??
        throw new FileNotFoundException(
            $"No --model given and the bundled default model {RelativePath} was not found above {AppContext.BaseDirectory} " +
            $"or {Directory.GetCurrentDirectory()}: pass --model <bundle> or train one (tinyunet train).");
}
