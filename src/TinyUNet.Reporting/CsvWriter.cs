using System.Globalization;

namespace TinyUNet.Reporting;

/// <summary>
/// RFC 4180 CSV: CRLF line ends; a field that holds a comma, a double quote, CR or LF (or starts or ends with a
/// space, which some readers trim) is quoted, with its quotes doubled. Numbers and dates are written in the
/// invariant culture, so a German or French locale never turns 12.5 into "12,5". Text cells that a spreadsheet would
/// run as a formula are defused (<see cref="FormatCell"/>).
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

    /// <summary>
    /// A value as a CSV cell: <see cref="Format"/>, and text starting with =, +, -, @, tab or CR gets a leading single
    /// quote (OWASP's advice against formula injection: a model name such as "=HYPERLINK(…)" must not run in Excel).
    /// Only text is touched: a negative number is a number, and a quote would turn it into text.
    /// </summary>
    public static string? FormatCell(object? value) => value is string text ? DefuseFormula(text) : Format(value);

    public static string DefuseFormula(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
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
