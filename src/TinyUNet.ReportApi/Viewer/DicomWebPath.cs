using System.Text.RegularExpressions;

namespace TinyUNet.ReportApi.Viewer;

/// <summary>
/// The DICOMweb paths the viewer's proxy passes on, relative to the DICOMweb root: QIDO-RS searches (studies, series,
/// instances, at any level) and WADO-RS retrievals (an instance, metadata, frames, bulk data, rendered and thumbnail).
/// An allow-list grammar, not a deny-list: every segment is a fixed word, a UID (digits and dots), a frame list or a
/// bulk-data tag, so no spelling of "..", "%2F", a backslash or another resource of the PACS can get through.
/// </summary>
public static partial class DicomWebPath
{
    private static readonly string[] Levels = ["studies", "series", "instances"];
    private static readonly HashSet<string> Renditions = new(StringComparer.Ordinal) { "metadata", "rendered", "thumbnail" };

    /// <summary>Whether <paramref name="path"/> (no leading slash, as it follows the proxy's root) is a DICOMweb resource.</summary>
    public static bool IsAllowed(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 2048) return false;
        string[] s = path.Split('/');
        // Searches from the root: studies, series or instances.
        if (s.Length == 1) return Array.IndexOf(Levels, s[0]) >= 0;
        int i = 0;
        for (int level = 0; level < Levels.Length; level++)
        {
            if (s[i] != Levels[level]) return false;
            if (i + 1 == s.Length) return level > 0; // a search inside the level above (studies/{uid}/series)
            if (!IsUid(s[i + 1])) return false;
            i += 2;
            if (i == s.Length) return true;
            if (Renditions.Contains(s[i])) return i + 1 == s.Length;
            if (level == Levels.Length - 1) return IsInstanceTail(s, i);
        }
        return false;
    }

    /// <summary>frames/{1,2,…}[/rendered] or bulk/{tag}[/{item}/{tag}…], after an instance's UID.</summary>
    private static bool IsInstanceTail(string[] s, int i)
    {
        if (s[i] == "frames")
            return i + 1 < s.Length && FrameList().IsMatch(s[i + 1])
                && (i + 2 == s.Length || (i + 3 == s.Length && s[i + 2] == "rendered"));
        if (s[i] == "bulk")
            return i + 1 < s.Length && s.Skip(i + 1).All(part => BulkPart().IsMatch(part));
        return false;
    }

    private static bool IsUid(string value) => value.Length <= 64 && Uid().IsMatch(value);

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Uid();

    [GeneratedRegex("^[1-9][0-9]{0,5}(,[1-9][0-9]{0,5}){0,999}$", RegexOptions.CultureInvariant)]
    private static partial Regex FrameList();

    /// <summary>A tag (8 hex digits) or a sequence item's index, as PACSs spell bulk-data URIs.</summary>
    [GeneratedRegex("^([0-9A-Fa-f]{8}|[0-9]{1,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex BulkPart();
}
