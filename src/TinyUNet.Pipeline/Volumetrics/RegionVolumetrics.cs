namespace TinyUNet.Pipeline.Volumetrics;

/// <summary>
/// Volumetrics of the right lung, the left lung or both. Lung = lung field + GGO + consolidation; lesion = GGO +
/// consolidation. Percentages are of the region's lung volume and null when it has none. Zero volumes are 0, never
/// omitted. <see cref="Classes"/> has the rows whole_lung, lung_field, ggo, consolidation, lesion in that order.
/// </summary>
public sealed record RegionVolumetrics
{
    /// <summary>"right", "left" or "total".</summary>
    public required string Region { get; init; }
    public required double LungVolumeMl { get; init; }
    public required double LungFieldVolumeMl { get; init; }
    public required double GgoVolumeMl { get; init; }
    public required double ConsolidationVolumeMl { get; init; }
    public required double LesionVolumeMl { get; init; }
    /// <summary>PO = 100 × (GGO + consolidation) / lung.</summary>
    public required double? OpacityPercent { get; init; }
    /// <summary>PHO = 100 × consolidation / lung.</summary>
    public required double? HighOpacityPercent { get; init; }
    /// <summary>
    /// Pan et al. band of this lung's PO (0–5); for "total" the sum of the lungs that are there (0–10). Null where the
    /// region has no lung: nothing was scored, which is not the same as a healthy 0.
    /// </summary>
    public required int? SeverityScore { get; init; }
    public required IReadOnlyList<ClassIntensity> Classes { get; init; }
}

/// <summary>
/// One row per class and region, present even when empty: voxel count, volume and HU statistics. Std is the
/// population standard deviation (divides by n, as numpy's default); mean and std are null when there are no voxels.
/// </summary>
public sealed record ClassIntensity(string Class, long VoxelCount, double VolumeMl, double? MeanHu, double? StdHu);
