using TinyUNet.Model.Bundles;

namespace TinyUNet.Pipeline.Volumetrics;

/// <summary>Which model produced a result: enough to reproduce it (the weights' sha256 is the real identity).</summary>
public sealed record ModelIdentity(string Name, string Version, string ArchitectureVersion, string WeightsSha256)
{
    public static ModelIdentity From(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new(manifest.Name, manifest.Version, manifest.Architecture.Version, manifest.Weights.Sha256);
    }
}
