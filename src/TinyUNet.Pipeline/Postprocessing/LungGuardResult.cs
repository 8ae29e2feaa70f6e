namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>What <see cref="LungGuard"/> found and cleared, in voxels of the series' grid.</summary>
/// <param name="HuLungVoxels">The classical HU lung mask (before its margin).</param>
/// <param name="GuardVoxels">The region labels may stay in: the HU lung, its margin and its filled holes.</param>
/// <param name="ClearedLesionVoxels">GGO and consolidation set to background because they lay outside the region.</param>
/// <param name="ClearedLungFieldVoxels">Lung field set to background because it lay outside the region.</param>
public sealed record LungGuardResult(long HuLungVoxels, long GuardVoxels, long ClearedLesionVoxels, long ClearedLungFieldVoxels);
