namespace TinyUNet.Dicom.Reading;

/// <summary>What is under a path: every series found, the one selection would pick, and the files passed over.</summary>
public sealed record InspectionReport(
    IReadOnlyList<string> Paths,
    string? SelectedSeriesInstanceUid,
    IReadOnlyList<SeriesInspection> Series,
    IReadOnlyList<SkippedFileReport> SkippedFiles);

/// <summary>A skipped file in serialisable form (path and reason; the exception stays out of JSON).</summary>
public sealed record SkippedFileReport(string FilePath, string Reason, string ErrorType);
