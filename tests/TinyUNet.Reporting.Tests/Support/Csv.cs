using System.Text;

namespace TinyUNet.Reporting.Tests.Support;

/// <summary>An independent RFC 4180 reader for the tests (quoted fields with doubled quotes, CRLF records).</summary>
public static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else field.Append(c);
        }
        Assert.False(quoted, "unterminated quoted field");
        Assert.True(field.Length == 0 && fields.Count == 0, "last record lacks CRLF");
        return records;
    }
}
