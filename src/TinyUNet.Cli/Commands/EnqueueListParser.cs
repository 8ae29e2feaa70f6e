using TinyUNet.Contracts;
using TinyUNet.Messaging;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `enqueue --list FILE`: one StudyInstanceUID per line, optionally followed by ",DICOMweb base URL" (else the
/// --dicomweb default). Blank lines and lines starting with '#' are skipped. A bad line becomes a typed error with its
/// line number and the other lines still count.
/// </summary>
public static class EnqueueListParser
{
    public static (IReadOnlyList<EnqueueEntry> Entries, IReadOnlyList<EnqueueInputException> Errors) Parse(
        string path, IEnumerable<string> lines, string? defaultDicomWeb)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var entries = new List<EnqueueEntry>();
        var errors = new List<EnqueueInputException>();
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            try
            {
                if (ParseLine(path, raw, number, defaultDicomWeb) is { } entry) entries.Add(entry);
            }
            catch (EnqueueInputException e)
            {
                errors.Add(e);
            }
        }
        return (entries, errors);
    }

    /// <summary>The entry of one line, null for a blank or comment line; throws <see cref="EnqueueInputException"/>.</summary>
    public static EnqueueEntry? ParseLine(string path, string line, int number, string? defaultDicomWeb)
    {
        ArgumentNullException.ThrowIfNull(line);
        string text = line.Trim();
        if (text.Length == 0 || text.StartsWith('#')) return null;
        string[] fields = text.Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length > 2) throw new EnqueueInputException(path, number, $"expected 'UID' or 'UID,dicomweb-url', found {fields.Length} fields");
        if (DicomUidSyntax.Problem(fields[0]) is { } problem) throw new EnqueueInputException(path, number, problem);
        string? url = fields.Length == 2 && fields[1].Length > 0 ? fields[1] : defaultDicomWeb;
        if (string.IsNullOrWhiteSpace(url)) throw new EnqueueInputException(path, number, "no DICOMweb URL on the line and no --dicomweb default");
        if (!IsHttpUrl(url)) throw new EnqueueInputException(path, number, "the DICOMweb URL is not an absolute http(s) URL");
        return new EnqueueEntry(fields[0], null, StudySource.DicomWeb(url), path, number);
    }

    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https";
}
