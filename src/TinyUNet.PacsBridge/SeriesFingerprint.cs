using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TinyUNet.PacsBridge.Orthanc;

namespace TinyUNet.PacsBridge;

/// <summary>
/// What a study's qualifying series are, in one value: SHA-256 (hex) of their sorted "series UID = instance count" lines.
/// A SEG or another non-qualifying series added to the study leaves it unchanged; new CT instances or a new CT series
/// change it. Orthanc's series id stands in for a missing SeriesInstanceUID.
/// </summary>
internal static class SeriesFingerprint
{
    public static string Of(IEnumerable<OrthancSeries> qualifying)
    {
        ArgumentNullException.ThrowIfNull(qualifying);
        IEnumerable<string> lines = qualifying
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.SeriesInstanceUid ?? "orthanc:" + s.OrthancId}={s.InstanceCount}"))
            .Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }
}
