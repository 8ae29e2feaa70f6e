namespace TinyUNet.Cli;

/// <summary>Where the bundled default model sits: models/tinyunet-covid beside the executable.</summary>
public static class DefaultModel
{
    public const string BundleName = "tinyunet-covid";

    public static string Resolve(DirectoryInfo? requested)
    {
        if (requested is not null) return requested.FullName;
        string bundled = Path.Combine(AppContext.BaseDirectory, "models", BundleName);
        if (!Directory.Exists(bundled))
            throw new DirectoryNotFoundException(
                $"No --model given and no bundled model at {bundled}; pass --model <bundle folder>.");
        return bundled;
    }
}
