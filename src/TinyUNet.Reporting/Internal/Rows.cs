using Npgsql;

namespace TinyUNet.Reporting.Internal;

/// <summary>Column lists and the readers that map them, kept together so their order cannot drift apart.</summary>
internal static class Rows
{
    public const string SummaryColumns = """
        study_instance_uid, series_instance_uid, run_id, study_date, model_name, model_version, model_sha256,
        seg_sop_instance_uid, incomplete_coverage, finished_at, lung_ml, right_lung_ml, left_lung_ml, ggo_ml,
        consolidation_ml, opacity_percent, high_opacity_percent, seg_location, patient_key
        """;

    public const string RunStatusColumns = """
        study_instance_uid, series_instance_uid, run_id, status, permanent, error, reason, model_name, model_version,
        model_sha256, started_at, finished_at
        """;

    public const string VolumetricsColumns = "side, class, voxel_count, volume_ml, percent_of_lung, mean_hu, std_hu";

    public static StudySummary Summary(NpgsqlDataReader r) => new()
    {
        StudyInstanceUid = r.GetString(0),
        SeriesInstanceUid = r.GetString(1),
        RunId = r.GetGuid(2),
        StudyDate = r.IsDBNull(3) ? null : r.GetFieldValue<DateOnly>(3),
        ModelName = r.GetString(4),
        ModelVersion = r.GetString(5),
        ModelSha256 = r.GetString(6),
        SegSopInstanceUid = Text(r, 7),
        IncompleteCoverage = r.IsDBNull(8) ? null : r.GetBoolean(8),
        FinishedAt = r.GetFieldValue<DateTimeOffset>(9),
        LungMl = Number(r, 10),
        RightLungMl = Number(r, 11),
        LeftLungMl = Number(r, 12),
        GgoMl = Number(r, 13),
        ConsolidationMl = Number(r, 14),
        OpacityPercent = Number(r, 15),
        HighOpacityPercent = Number(r, 16),
        SegLocation = Text(r, 17),
        PatientKey = Text(r, 18),
    };

    public static StudyRunStatus RunStatus(NpgsqlDataReader r) => new()
    {
        StudyInstanceUid = r.GetString(0),
        SeriesInstanceUid = Text(r, 1),
        RunId = r.GetGuid(2),
        Status = r.GetString(3),
        Permanent = r.IsDBNull(4) ? null : r.GetBoolean(4),
        Error = Text(r, 5),
        Reason = r.GetString(6),
        ModelName = r.GetString(7),
        ModelVersion = r.GetString(8),
        ModelSha256 = r.GetString(9),
        StartedAt = r.GetFieldValue<DateTimeOffset>(10),
        FinishedAt = r.GetFieldValue<DateTimeOffset>(11),
    };

    public static VolumetricsEntry Volumetrics(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetDouble(3), Number(r, 4), Number(r, 5), Number(r, 6));

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static double? Number(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
