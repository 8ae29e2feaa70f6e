namespace TinyUNet.Contracts;

/// <summary>
/// Event: a series of the study was segmented and its results stored. Published again (with the same run) when a
/// duplicate command finds the result already there; <see cref="AlreadyExisted"/> tells the two apart.
/// </summary>
public sealed record StudySegmented
{
    public required Guid CorrelationId { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public required Guid RunId { get; init; }
    public required string SegSeriesInstanceUid { get; init; }
    public required string SegSopInstanceUid { get; init; }
    public required string ModelName { get; init; }
    public required string ModelSha256 { get; init; }
    public required VolumeSummary Summary { get; init; }
    /// <summary>
    /// <see cref="LungFinding.NoLung"/>: the series holds no lung (an abdominal series); the summary's volumes are then
    /// zero and mean "nothing to measure", not "healthy lung". Absent in events of older workers: read as found.
    /// </summary>
    public LungFinding Finding { get; init; } = LungFinding.LungFound;
    public bool AlreadyExisted { get; init; }
}
