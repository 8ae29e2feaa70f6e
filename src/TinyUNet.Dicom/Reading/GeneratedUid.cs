using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Deterministic UIDs under the 2.25 root (ITU-T X.667: a UUID-sized integer): the first 128 bits of SHA-256 of
/// a key, so the same input always yields the same UID and re-runs of a job reference the same series.
/// </summary>
public static class GeneratedUid
{
    public static string FromKey(string key)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var value = new BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
