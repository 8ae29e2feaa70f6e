namespace TinyUNet.Contracts;

/// <summary>
/// DICOM UID syntax (PS3.5 §9.1): at most 64 characters, numeric components separated by single dots, no leading
/// zero in a component other than "0" itself. One rule for every place a UID from a message, a list or a request is checked before it reaches a URL, SQL or a path.
/// </summary>
public static class DicomUidSyntax
{
    public const int MaxLength = 64;

    /// <summary>Null when valid, else why not (without echoing the value: a mistyped field may hold anything).</summary>
    public static string? Problem(string? uid)
    {
        if (string.IsNullOrEmpty(uid)) return "empty UID";
        if (uid.Length > MaxLength) return $"UID longer than {MaxLength} characters";
        foreach (string component in uid.Split('.'))
        {
            if (component.Length == 0) return "UID has an empty component (two dots, or a dot at either end)";
            if (!component.All(char.IsAsciiDigit)) return "UID may hold only digits and dots";
            if (component.Length > 1 && component[0] == '0') return "UID component with a leading zero";
        }
        return null;
    }

    public static bool IsValid(string? uid) => Problem(uid) is null;
}
