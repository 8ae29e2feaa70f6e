using TinyUNet.Model.Bundles;

namespace TinyUNet.Training;

/// <summary>The written bundle, its manifest and every epoch of the run (resumed epochs included).</summary>
public sealed record TrainingResult(string BundleDirectory, ModelManifest Manifest, IReadOnlyList<EpochResult> History, double Seconds);
