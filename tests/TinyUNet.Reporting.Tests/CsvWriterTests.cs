using TinyUNet.Reporting.Tests.Support;

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
}
