namespace TinyUNet.Dicom.Segmentation;

/// <summary>
/// A segment and where it lies over the source series' grid. Segments may overlap. Without <paramref name="Value"/>,
/// <paramref name="Mask"/> is a binary mask (non-zero = inside; what the reader returns). With it, <paramref name="Mask"/>
/// is a label volume (a class or side map) and the segment is its voxels equal to <paramref name="Value"/>: the writer
/// then reads one map for several segments instead of a 0/1 copy each (79 MB apiece at 512 × 512 × 300).
/// </summary>
public sealed record SegmentMask(SegmentDescription Segment, LabelVolume Mask, byte? Value = null)
{
    /// <summary>Whether source slice <paramref name="slice"/> holds any voxel of the segment.</summary>
    public bool Covers(int slice)
    {
        ReadOnlySpan<byte> labels = Mask.Slice(slice);
        return Value is { } value ? labels.Contains(value) : labels.IndexOfAnyExcept((byte)0) >= 0;
    }

    /// <summary>
    /// The segment on source slice <paramref name="slice"/>, non-zero inside: the mask's own slice for a binary mask,
    /// else 0/1 written into <paramref name="scratch"/> (one slice long).
    /// </summary>
    public ReadOnlySpan<byte> SliceOf(int slice, Span<byte> scratch)
    {
        ReadOnlySpan<byte> labels = Mask.Slice(slice);
        if (Value is not { } value) return labels;
        LabelVolume.SelectEqual(labels, value, scratch);
        return scratch;
    }
}
