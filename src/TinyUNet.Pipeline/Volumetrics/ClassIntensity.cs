namespace TinyUNet.Pipeline.Volumetrics;

/// <summary>
/// One row per class and region, present even when empty: voxel count, volume and HU statistics. Std is the
/// population standard deviation (divides by n, as numpy's default); mean and std are null when there are no voxels.
/// </summary>
public sealed record ClassIntensity(string Class, long VoxelCount, double VolumeMl, double? MeanHu, double? StdHu);
