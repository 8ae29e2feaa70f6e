namespace TinyUNet.Reporting;

/// <summary>
/// A study's latest run of any status (the study_latest_runs view). <see cref="Error"/> is the worker's PHI-free
/// reason; the run's source path is left out on purpose (folder names may carry patient data).
/// </summary>
public sealed record StudyRunStatus
{
    public required string StudyInstanceUid { get; init; }
    public string? SeriesInstanceUid { get; init; }
    public required Guid RunId { get; init; }
    /// <summary>"succeeded" or "failed".</summary>
    public required string Status { get; init; }
    /// <summary>For a failed run: true when the input was at fault (retrying cannot help); null for a success.</summary>
    public bool? Permanent { get; init; }
    public string? Error { get; init; }
    public required string Reason { get; init; }
    public required string ModelName { get; init; }
    public required string ModelVersion { get; init; }
    public required string ModelSha256 { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
}
