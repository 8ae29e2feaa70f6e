using System.Text.Json.Serialization;

namespace TinyUNet.Reporting;

/// <summary>
/// One row of the study_reports view: a study's latest successful run with its whole-lung figures (both lungs
/// unless the name says right/left). Percentages are of the lung volume. Identifiers are UIDs and a pseudonymous patient
/// key only: the database holds no patient attributes.
/// </summary>
public sealed record StudySummary
{
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public required Guid RunId { get; init; }
    public DateOnly? StudyDate { get; init; }
    public required string ModelName { get; init; }
    public required string ModelVersion { get; init; }
    public required string ModelSha256 { get; init; }
    public string? SegSopInstanceUid { get; init; }
    public bool? IncompleteCoverage { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public double? LungMl { get; init; }
    public double? RightLungMl { get; init; }
    public double? LeftLungMl { get; init; }
    public double? GgoMl { get; init; }
    public double? ConsolidationMl { get; init; }
    /// <summary>GGO + consolidation as a percentage of the lung volume.</summary>
    public double? OpacityPercent { get; init; }
    /// <summary>Consolidation as a percentage of the lung volume.</summary>
    public double? HighOpacityPercent { get; init; }

    /// <summary>
    /// Pseudonymous key of the study's patient (HMAC of the PatientID under the site secret, 64 hex digits): studies with
    /// the same key are one patient's. Null for studies stored without one (each is then its own patient).
    /// </summary>
    public string? PatientKey { get; init; }

    /// <summary>The SEG file on the output store; a server path, so kept out of what clients see.</summary>
    [JsonIgnore]
    public string? SegLocation { get; init; }
}
