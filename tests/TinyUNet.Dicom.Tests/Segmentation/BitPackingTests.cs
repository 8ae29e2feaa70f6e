using TinyUNet.Dicom.Segmentation.Internal;

namespace TinyUNet.Dicom.Tests.Segmentation;

/// <summary>SEG pixel packing (PS3.5 8.1.1: one bit a pixel, the first pixel in the lowest bit) at every alignment.</summary>
public sealed class BitPackingTests
{
    [Theory]
    [InlineData(874, 3)] // dcmqi's 23×38 frames: every frame after the first starts mid-byte
    [InlineData(912, 4)]
    [InlineData(37, 9)]
    [InlineData(262_144, 2)]
    public void PackFrame_FramesOneAfterAnother_SameBitsAsOneBitAtATime(int pixelsPerFrame, int frames)
    {
        var random = new Random(pixelsPerFrame);
        byte[][] masks = [.. Enumerable.Range(0, frames).Select(_ =>
            Enumerable.Range(0, pixelsPerFrame).Select(_ => random.Next(4) == 0 ? (byte)random.Next(1, 256) : (byte)0).ToArray())];
        var packed = new byte[BitPacking.PackedLength(frames, pixelsPerFrame)];
        var expected = new byte[packed.Length];

        for (int f = 0; f < frames; f++)
        {
            BitPacking.PackFrame(masks[f], packed, (long)f * pixelsPerFrame);
            for (int p = 0; p < pixelsPerFrame; p++)
            {
                long bit = (long)f * pixelsPerFrame + p;
                if (masks[f][p] != 0) expected[bit >> 3] |= (byte)(1 << (int)(bit & 7));
            }
        }

        Assert.Equal(expected, packed);
        var unpacked = new byte[pixelsPerFrame];
        BitPacking.UnpackFrame(packed, (long)(frames - 1) * pixelsPerFrame, unpacked);
        Assert.Equal(masks[frames - 1].Select(v => v != 0 ? (byte)1 : (byte)0), unpacked);
    }
}
