namespace TinyUNet.Storage;

/// <summary>
/// A run that ended without a result: a permanent input problem, or a transient one that outlasted every retry. The
/// series is recorded when the run got far enough to know it (and only once it is in <c>series</c>, which needs its
/// frame of reference); <see cref="Error"/> is the same PHI-free reason the failure event carries.
/// </summary>
public sealed record FailedRunRecord
{
    public required Guid RunId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string StudyInstanceUid { get; init; }
    public string? SeriesInstanceUid { get; init; }
    public string? FrameOfReferenceUid { get; init; }
    public required string Reason { get; init; }
    public required string ModelName { get; init; }
    public required string ModelVersion { get; init; }
    public required string ModelSha256 { get; init; }
    public required bool Permanent { get; init; }
    public required string Error { get; init; }
    public int Priority { get; init; }
    public string? SourceDicomWebUrl { get; init; }
    public string? SourcePath { get; init; }
    /// <summary>The stages that finished before the failure.</summary>
    public required IReadOnlyDictionary<string, double> StageMilliseconds { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
}
