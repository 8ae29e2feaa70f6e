using System.Security.Cryptography;
using System.Text;

namespace TinyUNet.Messaging;

/// <summary>
/// Correlation ids for commands, as name-based GUIDs (RFC 9562 version 8, from SHA-256 of the parts; not DICOM UIDs):
/// the same inputs always give the same id, so a command sent twice for the same reason (a bridge replay, a nightly
/// run repeated) carries a recognisable correlation id.
/// </summary>
public static class CorrelationIds
{
    public static Guid From(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        // The unit separator cannot occur in a UID, a URL or a number, so ("a.b", "c") and ("a", "b.c") never collide.
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        Span<byte> bytes = hash.AsSpan(0, 16);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
