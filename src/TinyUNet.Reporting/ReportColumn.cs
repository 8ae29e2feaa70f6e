using TinyUNet.Storage;

namespace TinyUNet.Reporting;

/// <summary>One column of a cohort listing: its header and the raw value it shows (formatted by the output).</summary>
public sealed record ReportColumn(string Header, Func<StudyReportRow, object?> Value);
