using System.Text.RegularExpressions;

namespace TinyUNet.Worker.Internal;

/// <summary>DICOM UID syntax (digits and dots, no leading zeros, at most 64 characters).</summary>
internal static partial class DicomUidSyntax
{
    public static bool IsValid(string? value) => value is { Length: > 0 and <= 64 } && Pattern().IsMatch(value);

    [GeneratedRegex(@"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$")]
    private static partial Regex Pattern();
}
