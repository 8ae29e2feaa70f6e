using TinyUNet.Storage;

namespace TinyUNet.Reporting;

/// <summary>
/// Writes a cohort as CSV (header + one row per study, <see cref="ReportColumns.Export"/>) as it streams in; text cells
/// are defused against formula injection, numbers are written as they are.
/// </summary>
public static class StudyCsv
{
    public static async Task<long> WriteAsync(TextWriter output, IAsyncEnumerable<StudyReportRow> studies,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(studies);
        var csv = new CsvWriter(output);
        await csv.WriteRowAsync(ReportColumns.Export.Select(c => c.Header), cancellationToken);
        long rows = 0;
        await foreach (StudyReportRow study in studies.WithCancellation(cancellationToken))
        {
            await csv.WriteRowAsync(ReportColumns.Export.Select(c => CsvWriter.FormatCell(c.Value(study))), cancellationToken);
            rows++;
        }
        return rows;
    }
}
