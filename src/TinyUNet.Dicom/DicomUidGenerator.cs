using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace TinyUNet.Dicom;

/// <summary>
/// Makes DICOM UIDs under the 2.25 root (PS3.5 B.2, ITU-T X.667: a UUID-sized integer as an unsigned decimal), so no
/// organisational root is needed. Checking a UID that came from elsewhere is <c>DicomUidSyntax</c>'s job (Contracts).
/// </summary>
public static class DicomUidGenerator
{
    /// <summary>A new random UID (a random UUID).</summary>
    public static string New() => FromGuid(Guid.NewGuid());

    /// <summary>
    /// The same key always yields the same UID, so re-runs of a job reference the same series: the first 128 bits of
    /// SHA-256 of the key, as they are. (Not <see cref="FromName"/>'s layout: UIDs already written must not change.)
    /// </summary>
    public static string FromKey(string key)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var value = new BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Deterministic UID from a name (e.g. everything that defines a synthetic series) and a purpose: SHA-256 of both
    /// laid out as a name-based UUID (version 5 layout), as PS3.5 B.2 allows.
    /// </summary>
    public static string FromName(string name, string purpose)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{name}\n{purpose}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // name-based UUID (version 5 layout), as PS3.5 B.2 allows
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return FromGuid(new Guid(bytes, bigEndian: true));
    }

    private static string FromGuid(Guid guid) =>
        "2.25." + new BigInteger(guid.ToByteArray(bigEndian: true), isUnsigned: true, isBigEndian: true);
}
