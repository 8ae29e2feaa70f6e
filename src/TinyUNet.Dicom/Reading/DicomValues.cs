using System.Globalization;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Parses DICOM string values as GDCM's StringFilter returns them: multi-values split on '\', each padded with
/// spaces or NULs (and sometimes led by spaces), numbers always in invariant culture.
/// </summary>
internal static class DicomValues
{
    private static readonly char[] Padding = [' ', '\0'];

    public static string Trim(string? value) => (value ?? "").Trim(Padding);

    public static string? TrimOrNull(string? value) => Trim(value) is { Length: > 0 } s ? s : null;

    public static IReadOnlyList<string> Split(string? value) =>
        Trim(value) is { Length: > 0 } s ? s.Split('\\').Select(Trim).ToArray() : [];

    public static double? Double(string? value) =>
        double.TryParse(Trim(value), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            ? d : null;

    public static int? Int(string? value) =>
        int.TryParse(Trim(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i
        : Double(value) is { } d && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue ? (int)d : null;

    /// <summary>All values of a multi-valued DS, or null if any is missing or not a number.</summary>
    public static double[]? Doubles(string? value, int expectedCount)
    {
        IReadOnlyList<string> parts = Split(value);
        if (parts.Count != expectedCount) return null;
        var result = new double[expectedCount];
        for (int i = 0; i < expectedCount; i++)
        {
            if (Double(parts[i]) is not { } d) return null;
            result[i] = d;
        }
        return result;
    }
}
