using System.Text.Json.Serialization;
using Npgsql;
using TinyUNet.Storage.Internal;

namespace TinyUNet.Storage;

/// <summary>
/// One row of the study_reports view (migrations 0001, 0002, 0004, 0006): a study's latest successful run with its whole-lung
/// figures (both lungs unless the name says right/left). Percentages are of the lung volume. Identifiers are UIDs and a
/// pseudonymous patient key only: the database holds no patient attributes. <see cref="Columns"/> and <see cref="Read"/>
/// are the one reader of the view; a test checks them against the migrated schema.
/// </summary>
public sealed record StudyReportRow
{
    public const string View = "study_reports";

    /// <summary>The view's columns in the order <see cref="Read"/> expects them.</summary>
    public const string Columns = """
        study_instance_uid, series_instance_uid, run_id, study_date, model_name, model_version, model_sha256,
        seg_sop_instance_uid, incomplete_coverage, finished_at, lung_ml, right_lung_ml, left_lung_ml, ggo_ml,
        consolidation_ml, opacity_percent, high_opacity_percent, seg_location, patient_key, lung_finding
        """;

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

    /// <summary>The SEG file on the output store; a server path, so kept out of what clients see.</summary>
    [JsonIgnore]
    public string? SegLocation { get; init; }

    /// <summary>
    /// Pseudonymous key of the study's patient (HMAC of the PatientID under the site secret, 64 hex digits): studies with
    /// the same key are one patient's. Null for studies stored without one (each is then its own patient).
    /// </summary>
    public string? PatientKey { get; init; }

    /// <summary>The <see cref="LungFinding"/> value of a series without lung.</summary>
    public const string NoLung = "no_lung";

    /// <summary>
    /// Whether the series showed any lung, as stored: "lung_found", or <see cref="NoLung"/> for "no lung in this series"
    /// (no lesion, no severity; its zeros are not a healthy lung). Null for runs stored before it was recorded.
    /// </summary>
    public string? LungFinding { get; init; }

    /// <summary>The current row of a reader that selected <see cref="Columns"/>.</summary>
    public static StudyReportRow Read(NpgsqlDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new()
        {
            StudyInstanceUid = reader.GetString(0),
            SeriesInstanceUid = reader.GetString(1),
            RunId = reader.GetGuid(2),
            StudyDate = reader.GetNullableDate(3),
            ModelName = reader.GetString(4),
            ModelVersion = reader.GetString(5),
            ModelSha256 = reader.GetString(6),
            SegSopInstanceUid = reader.GetNullableString(7),
            IncompleteCoverage = reader.GetNullableBoolean(8),
            FinishedAt = reader.GetFieldValue<DateTimeOffset>(9),
            LungMl = reader.GetNullableDouble(10),
            RightLungMl = reader.GetNullableDouble(11),
            LeftLungMl = reader.GetNullableDouble(12),
            GgoMl = reader.GetNullableDouble(13),
            ConsolidationMl = reader.GetNullableDouble(14),
            OpacityPercent = reader.GetNullableDouble(15),
            HighOpacityPercent = reader.GetNullableDouble(16),
            SegLocation = reader.GetNullableString(17),
            PatientKey = reader.GetNullableString(18),
            LungFinding = reader.GetNullableString(19),
        };
    }
}
