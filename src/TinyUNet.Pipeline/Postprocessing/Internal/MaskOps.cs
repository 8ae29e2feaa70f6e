using System.Numerics;

namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>Vectorised voxel-wise helpers; whole volumes are tens of millions of bytes.</summary>
internal static class MaskOps
{
    /// <summary>destination[i] = source[i] == value ? 1 : 0.</summary>
    public static void SelectEqual(ReadOnlySpan<byte> source, byte value, Span<byte> destination)
    {
        if (destination.Length != source.Length) throw new ArgumentException("Lengths differ.", nameof(destination));
        var target = new Vector<byte>(value);
        int i = 0;
        for (; i <= source.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            (Vector.Equals(new Vector<byte>(source[i..]), target) & Vector<byte>.One).CopyTo(destination[i..]);
        for (; i < source.Length; i++) destination[i] = source[i] == value ? (byte)1 : (byte)0;
    }
}
