using System.Numerics;

namespace TinyUNet.Dicom;

/// <summary>
/// One byte per voxel over a series' grid: index = (slice × Rows + row) × Columns + column, slices in the order of
/// <see cref="CtSeries.Slices"/>. Used for class maps (model class indices) and for binary masks (0/1).
/// </summary>
public sealed class LabelVolume
{
    public LabelVolume(int columns, int rows, int depth, byte[]? voxels = null)
    {
        if (columns < 1 || rows < 1 || depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), "Empty volume.");
        Columns = columns;
        Rows = rows;
        Depth = depth;
        long count = (long)columns * rows * depth;
        Voxels = voxels ?? new byte[count];
        if (Voxels.LongLength != count)
            throw new ArgumentException($"Expected {count} voxels, got {Voxels.LongLength}.", nameof(voxels));
    }

    public int Columns { get; }
    public int Rows { get; }
    public int Depth { get; }
    public byte[] Voxels { get; }
    public int SliceLength => Columns * Rows;

    public int Index(int column, int row, int slice) => (slice * Rows + row) * Columns + column;

    public Span<byte> Slice(int slice) => Voxels.AsSpan(slice * SliceLength, SliceLength);

    public long Count(byte value) => Voxels.AsSpan().Count(value);

    /// <summary>destination[i] = source[i] == value ? 1 : 0, vectorised: a class or side map to one segment's 0/1 mask.</summary>
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
