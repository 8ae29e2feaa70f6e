using TinyUNet.Storage;

namespace TinyUNet.Reporting;

/// <summary>The columns of cohort listings, shared by the CSV export and the command line's table.</summary>
public static class ReportColumns
{
    /// <summary>What a table shows for a series the guard found no lung in (<see cref="StudyReportRow.NoLung"/>).</summary>
    public const string NoLungText = "no lung in this series";

    /// <summary>Every column, in export order (snake_case headers, as in the database).</summary>
    public static IReadOnlyList<ReportColumn> Export { get; } =
    [
        new("study_instance_uid", s => s.StudyInstanceUid),
        new("series_instance_uid", s => s.SeriesInstanceUid),
        new("study_date", s => s.StudyDate),
        new("lung_ml", s => s.LungMl),
        new("right_lung_ml", s => s.RightLungMl),
        new("left_lung_ml", s => s.LeftLungMl),
        new("ggo_ml", s => s.GgoMl),
        new("consolidation_ml", s => s.ConsolidationMl),
        new("opacity_percent", s => s.OpacityPercent),
        new("high_opacity_percent", s => s.HighOpacityPercent),
        new("incomplete_coverage", s => s.IncompleteCoverage),
        new("model_name", s => s.ModelName),
        new("model_version", s => s.ModelVersion),
        new("model_sha256", s => s.ModelSha256),
        new("run_id", s => s.RunId),
        new("finished_at", s => s.FinishedAt),
        new("seg_sop_instance_uid", s => s.SegSopInstanceUid),
        new("patient_key", s => s.PatientKey),
        // Last, so exports read by column position before it was added keep their columns.
        new("lung_finding", s => s.LungFinding),
    ];

    /// <summary>The columns that fit a terminal: identity, date, volumes and opacity.</summary>
    public static IReadOnlyList<ReportColumn> Table { get; } =
    [
        new("Study", s => s.StudyInstanceUid),
        new("Date", s => s.StudyDate),
        // A series without lung says so, instead of a 0 that reads like a measured lung.
        new("Lung mL", s => s.LungFinding == StudyReportRow.NoLung ? NoLungText : s.LungMl),
        new("GGO mL", s => s.GgoMl),
        new("Consolidation mL", s => s.ConsolidationMl),
        new("Opacity %", s => s.OpacityPercent),
        new("Model", s => $"{s.ModelName} {s.ModelVersion}"),
    ];
}

/// <summary>One column of a cohort listing: its header and the raw value it shows (formatted by the output).</summary>
public sealed record ReportColumn(string Header, Func<StudyReportRow, object?> Value);
