using TinyUNet.Contracts;

namespace TinyUNet.Storage;

/// <summary>Everything one successful run writes: study, series, model, SEG, timings and volumetrics.</summary>
public sealed record RunRecord
{
    public required Guid RunId { get; init; }
    public required Guid CorrelationId { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public required string FrameOfReferenceUid { get; init; }
    public required string Reason { get; init; }
    public required string ModelName { get; init; }
    public required string ModelVersion { get; init; }
    public required string ModelSha256 { get; init; }
    public required string SegSeriesInstanceUid { get; init; }
    public required string SegSopInstanceUid { get; init; }
    public required string SegLocation { get; init; }
    public required bool IncompleteCoverage { get; init; }
    /// <summary>Whether the series showed any lung (stored as lung_finding).</summary>
    public LungFinding Finding { get; init; } = LungFinding.LungFound;
    public int Priority { get; init; }
    /// <summary>Where the command said the study is (one of the two), kept so reprocessing can fetch it again.</summary>
    public string? SourceDicomWebUrl { get; init; }
    public string? SourcePath { get; init; }
    /// <summary>The study's DICOM StudyDate, when the series has a valid one (reports select cohorts by it).</summary>
    public DateOnly? StudyDate { get; init; }
    /// <summary>The study's pseudonymous patient key (<see cref="PatientKey"/>); null when the worker has no site secret.</summary>
    public string? PatientKey { get; init; }
    public required IReadOnlyDictionary<string, double> StageMilliseconds { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required IReadOnlyList<VolumetricsRow> Volumetrics { get; init; }
    public required StoredTotals Totals { get; init; }
}
