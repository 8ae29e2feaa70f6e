namespace TinyUNet.Reporting;

/// <summary>One stored volumetrics row: a class ("whole_lung", "lung_field", "ggo", "consolidation", "lesion") of one
/// side ("right", "left", "total"). <see cref="PercentOfLung"/> is of the same side's lung; null when it has none.</summary>
public sealed record VolumetricsEntry(
    string Side,
    string Class,
    long VoxelCount,
    double VolumeMl,
    double? PercentOfLung,
    double? MeanHu,
    double? StdHu);
