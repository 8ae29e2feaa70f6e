namespace TinyUNet.Model.Bundles;

/// <summary>Checks a manifest is self-consistent before any weights are read.</summary>
public static class ModelManifestValidator
{
    public static void Validate(ModelManifest manifest)
    {
        var problems = new List<string>();
        if (manifest.FormatVersion != ModelManifest.CurrentFormatVersion)
            problems.Add($"formatVersion {manifest.FormatVersion} is not supported (expected {ModelManifest.CurrentFormatVersion})");
        if (manifest.Architecture.Version != TinyUNetNetwork.ArchitectureVersion)
            problems.Add($"architecture version '{manifest.Architecture.Version}' is not '{TinyUNetNetwork.ArchitectureVersion}'");
        if (manifest.Architecture.InChannels < 1) problems.Add("architecture.inChannels must be at least 1");
        if (manifest.Input.Channels.Count != manifest.Architecture.InChannels)
            problems.Add($"input.channels has {manifest.Input.Channels.Count} entries for {manifest.Architecture.InChannels} input channels");
        if (manifest.Input.Height < TinyUNetNetwork.SizeMultiple || manifest.Input.Height % TinyUNetNetwork.SizeMultiple != 0
            || manifest.Input.Width < TinyUNetNetwork.SizeMultiple || manifest.Input.Width % TinyUNetNetwork.SizeMultiple != 0)
            problems.Add($"input size {manifest.Input.Height}×{manifest.Input.Width} is not a positive multiple of {TinyUNetNetwork.SizeMultiple}");
        foreach (ChannelPreprocessing channel in manifest.Input.Channels)
            if (channel.WindowWidth <= 0 || channel.Std <= 0)
                problems.Add("every input channel needs windowWidth > 0 and std > 0");

        int[] indices = manifest.Classes.Select(c => c.Index).Order().ToArray();
        if (!indices.SequenceEqual(Enumerable.Range(0, manifest.Architecture.NumClasses)))
            problems.Add($"classes must have indices 0..{manifest.Architecture.NumClasses - 1}, each once");
        if (manifest.Classes.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != manifest.Classes.Count)
            problems.Add("class names must be unique");
        if (manifest.Weights.Sha256.Length != 64 || !manifest.Weights.Sha256.All(Uri.IsHexDigit))
            problems.Add("weights.sha256 must be 64 hex digits");
        if (Path.IsPathRooted(manifest.Weights.File) || manifest.Weights.File.Contains("..", StringComparison.Ordinal))
            problems.Add("weights.file must be a plain name inside the bundle folder");

        if (problems.Count > 0)
            throw new ModelBundleException($"Invalid manifest for '{manifest.Name}': {string.Join("; ", problems)}.");
    }
}
