namespace TinyUNet.Storage;

/// <summary>One class of one side ("right", "left", "total"); zero volumes are stored as explicit rows.</summary>
public sealed record VolumetricsRow(
    string Side,
    string Class,
    long VoxelCount,
    double VolumeMl,
    double? PercentOfLung,
    double? MeanHu,
    double? StdHu);
