using System.Runtime.Intrinsics;

namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>
/// BINARY SEG pixel data: one bit per pixel, least significant bit first, frames concatenated with no padding
/// between them (PS3.5 8.1.1: a frame need not start on a byte boundary); only the whole value is padded to even length.
/// </summary>
internal static class BitPacking
{
    public static long PackedLength(long frames, int pixelsPerFrame)
    {
        long bytes = (frames * pixelsPerFrame + 7) / 8;
        return bytes + (bytes & 1);
    }

    /// <summary>Sets the bits of one frame (non-zero pixel = 1) starting at bit <paramref name="bitOffset"/>.</summary>
    public static void PackFrame(ReadOnlySpan<byte> pixels, Span<byte> packed, long bitOffset)
    {
        int i = 0;
        // Unaligned head, then whole bytes, then the tail: the whole-byte loop is where the time goes.
        for (; i < pixels.Length && ((bitOffset + i) & 7) != 0; i++) SetBit(packed, bitOffset + i, pixels[i]);
        long byteIndex = (bitOffset + i) >> 3;
        // 16 pixels → 2 bytes at once: the most significant bit of each "is non-zero" lane, lane j → bit j, is exactly
        // the SEG's order (first pixel in the lowest bit).
        for (; i + 16 <= pixels.Length; i += 16, byteIndex += 2)
        {
            uint bits = Vector128.ExtractMostSignificantBits(~Vector128.Equals(Vector128.Create(pixels.Slice(i, 16)), Vector128<byte>.Zero));
            packed[(int)byteIndex] = (byte)bits;
            packed[(int)byteIndex + 1] = (byte)(bits >> 8);
        }
        for (; i + 8 <= pixels.Length; i += 8, byteIndex++)
        {
            var p = pixels.Slice(i, 8);
            int b = (p[0] != 0 ? 1 : 0) | (p[1] != 0 ? 2 : 0) | (p[2] != 0 ? 4 : 0) | (p[3] != 0 ? 8 : 0)
                | (p[4] != 0 ? 16 : 0) | (p[5] != 0 ? 32 : 0) | (p[6] != 0 ? 64 : 0) | (p[7] != 0 ? 128 : 0);
            packed[(int)byteIndex] = (byte)b;
        }
        for (; i < pixels.Length; i++) SetBit(packed, bitOffset + i, pixels[i]);
    }

    /// <summary>Writes 0/1 per pixel of the frame that starts at bit <paramref name="bitOffset"/>.</summary>
    public static void UnpackFrame(ReadOnlySpan<byte> packed, long bitOffset, Span<byte> pixels)
    {
        int i = 0;
        for (; i < pixels.Length && ((bitOffset + i) & 7) != 0; i++) pixels[i] = GetBit(packed, bitOffset + i);
        long byteIndex = (bitOffset + i) >> 3;
        for (; i + 8 <= pixels.Length; i += 8, byteIndex++)
        {
            int b = packed[(int)byteIndex];
            if (b == 0)
            {
                pixels.Slice(i, 8).Clear();
                continue;
            }
            for (int j = 0; j < 8; j++) pixels[i + j] = (byte)((b >> j) & 1);
        }
        for (; i < pixels.Length; i++) pixels[i] = GetBit(packed, bitOffset + i);
    }

    private static byte GetBit(ReadOnlySpan<byte> packed, long bit) => (byte)((packed[(int)(bit >> 3)] >> (int)(bit & 7)) & 1);

    private static void SetBit(Span<byte> packed, long bit, byte value)
    {
        if (value != 0) packed[(int)(bit >> 3)] |= (byte)(1 << (int)(bit & 7));
    }
}
