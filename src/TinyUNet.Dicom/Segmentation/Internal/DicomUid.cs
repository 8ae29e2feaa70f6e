using System.Numerics;

namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>
/// UIDs under the 2.25 root (PS3.5 B.2): a random UUID as an unsigned decimal, so no organisational root is needed.
/// </summary>
internal static class DicomUid
{
    public static string New() => FromGuid(Guid.NewGuid());

    public static string FromGuid(Guid guid) =>
        "2.25." + new BigInteger(guid.ToByteArray(bigEndian: true), isUnsigned: true, isBigEndian: true);

    /// <summary>Deterministic UID from a name (e.g. everything that defines a synthetic series) and a purpose.</summary>
    public static string FromName(string name, string purpose)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{name}\n{purpose}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // name-based UUID (version 5 layout), as PS3.5 B.2 allows
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return FromGuid(new Guid(bytes, bigEndian: true));
    }
}
