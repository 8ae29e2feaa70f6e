namespace TinyUNet.Dicom.Reading;

/// <summary>What is under a path: every series found, the one selection would pick, and the files passed over.</summary>
public sealed record InspectionReport(
    IReadOnlyList<string> Paths,
    string? SelectedSeriesInstanceUid,
    IReadOnlyList<SeriesInspection> Series,
    IReadOnlyList<SkippedFileReport> SkippedFiles);
