using System.Globalization;

namespace TinyUNet.Reporting;

/// <summary>
/// RFC 4180 CSV: CRLF line ends; a field that holds a comma, a double quote, CR or LF (or starts or ends with a
/// space, which some readers trim) is quoted, with its quotes doubled. Numbers and dates are written in the
/// invariant culture, so a German or French locale never turns 12.5 into "12,5".
/// </summary>
public sealed class CsvWriter(TextWriter output)
{
    public async Task WriteRowAsync(IEnumerable<string?> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        string line = string.Join(',', fields.Select(Escape)) + "\r\n";
        await output.WriteAsync(line.AsMemory(), cancellationToken);
    }

    public static string Escape(string? field)
    {
        if (string.IsNullOrEmpty(field)) return "";
        bool quote = field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || field[0] == ' ' || field[^1] == ' ';
        return quote ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    /// <summary>A value as CSV text: invariant numbers (shortest round-trip), ISO 8601 dates and times.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
