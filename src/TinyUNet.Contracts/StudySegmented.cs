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
    public bool AlreadyExisted { get; init; }
}
