using TinyUNet.Reporting.Tests.Support;
using TinyUNet.Storage;

namespace TinyUNet.Reporting.Tests;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("cr\rlf", "\"cr\rlf\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Escape_AwkwardField_QuotedAsRfc4180(string? field, string expected) =>
        Assert.Equal(expected, CsvWriter.Escape(field));

    [Fact]
    public async Task WriteRowAsync_AwkwardFields_ReadBackUnchanged()
    {
        string[] fields = ["a,b", "\"quoted\"", "multi\r\nline", "", "trailing,", "ünï\"cødé,\n"];
        using var text = new StringWriter();
        var csv = new CsvWriter(text);
        await csv.WriteRowAsync(fields, CancellationToken.None);
        await csv.WriteRowAsync(["x", "y", "z", "", "", ""], CancellationToken.None);

        List<string[]> records = Csv.Parse(text.ToString());
        Assert.Equal(2, records.Count);
        Assert.Equal(fields, records[0]);
    }

    [Fact]
    public void Format_NumbersDatesAndTimes_InvariantAndIso()
    {
        Assert.Equal("12.5", CsvWriter.Format(12.5));
        Assert.Equal("0.1", CsvWriter.Format(0.1));
        Assert.Equal("1E-07", CsvWriter.Format(1e-7));
        Assert.Equal("2026-03-09", CsvWriter.Format(new DateOnly(2026, 3, 9)));
        Assert.Equal("2026-03-09T10:11:12.345Z", CsvWriter.Format(new DateTimeOffset(2026, 3, 9, 11, 11, 12, 345, TimeSpan.FromHours(1))));
        Assert.Equal("true", CsvWriter.Format(true));
        Assert.Null(CsvWriter.Format(null));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    [InlineData("tinyunet-covid", "tinyunet-covid")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void FormatCell_TextStartingLikeAFormula_LeadingQuote(string text, string expected) =>
        Assert.Equal(expected, CsvWriter.FormatCell(text));

    [Fact]
    public void FormatCell_NegativeNumbers_LeftAsNumbers()
    {
        Assert.Equal("-12.5", CsvWriter.FormatCell(-12.5));
        Assert.Equal("-3", CsvWriter.FormatCell(-3));
        Assert.Equal("-7", CsvWriter.FormatCell(-7L));
    }

    [Fact]
    public async Task StudyCsv_FormulaModelNameAndNegativeNumber_TextDefusedNumberKept()
    {
        var study = new StudyReportRow
        {
            StudyInstanceUid = "1.2.3",
            SeriesInstanceUid = "1.2.3.4",
            RunId = Guid.Empty,
            ModelName = "=cmd|' /C calc'!A0",
            ModelVersion = "-1",
            ModelSha256 = "@sha",
            FinishedAt = DateTimeOffset.UnixEpoch,
            HighOpacityPercent = -1.5,
        };
        using var text = new StringWriter();
        await StudyCsv.WriteAsync(text, new[] { study }.ToAsyncEnumerable(), CancellationToken.None);

        List<string[]> records = Csv.Parse(text.ToString());
        string Cell(string header) => records[1][Array.IndexOf(records[0], header)];
        Assert.Equal("'=cmd|' /C calc'!A0", Cell("model_name"));
        Assert.Equal("'-1", Cell("model_version"));
        Assert.Equal("'@sha", Cell("model_sha256"));
        Assert.Equal("-1.5", Cell("high_opacity_percent"));
        Assert.Equal("1.2.3", Cell("study_instance_uid"));
    }
}
