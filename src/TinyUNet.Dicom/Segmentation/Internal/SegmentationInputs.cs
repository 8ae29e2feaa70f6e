namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>Checks the writer's inputs and lays out its frames and packed pixel data.</summary>
internal static class SegmentationInputs
{
    public static IReadOnlyList<SegmentMask> Validate(CtSeries source, IReadOnlyList<SegmentMask> segments)
    {
        if (segments.Count == 0) throw new ArgumentException("A SEG needs at least one segment.", nameof(segments));
        if (source.Slices.Count == 0) throw new ArgumentException("The source series has no slices.", nameof(source));
        var ordered = segments.OrderBy(s => s.Segment.Number).ToList();
        for (int i = 0; i < ordered.Count; i++)
        {
            // PS3.3 C.8.20.2: segment numbers start at 1 and increase by 1.
            if (ordered[i].Segment.Number != i + 1)
                throw new ArgumentException($"Segment numbers must be 1…{ordered.Count} without gaps or repeats.", nameof(segments));
            var m = ordered[i].Mask;
            if (m.Columns != source.Columns || m.Rows != source.Rows || m.Depth != source.Slices.Count)
                throw new ArgumentException(
                    $"Mask of segment {i + 1} is {m.Columns}×{m.Rows}×{m.Depth}, the series {source.Columns}×{source.Rows}×{source.Slices.Count}.",
                    nameof(segments));
        }
        return ordered;
    }

    public static IReadOnlyList<SegFrame> Frames(IReadOnlyList<SegmentMask> ordered, int sliceLength)
    {
        var frames = new List<SegFrame>();
        foreach (var s in ordered)
        {
            int before = frames.Count;
            for (int k = 0; k < s.Mask.Depth; k++)
                if (s.Mask.Voxels.AsSpan(k * sliceLength, sliceLength).IndexOfAnyExcept((byte)0) >= 0)
                    frames.Add(new SegFrame(s.Segment.Number, k));
            // An all-empty segment keeps one empty frame (see SegmentationWriter).
            if (frames.Count == before) frames.Add(new SegFrame(s.Segment.Number, 0));
        }
        return frames;
    }

    public static byte[] Pack(IReadOnlyList<SegmentMask> ordered, IReadOnlyList<SegFrame> frames, int sliceLength)
    {
        long length = BitPacking.PackedLength(frames.Count, sliceLength);
        if (length > int.MaxValue - 1) throw new ArgumentException("Pixel data would exceed 2 GiB.", nameof(frames));
        var packed = new byte[length];
        var bySegment = ordered.ToDictionary(s => s.Segment.Number, s => s.Mask);
        for (int f = 0; f < frames.Count; f++)
        {
            var mask = bySegment[frames[f].SegmentNumber];
            BitPacking.PackFrame(mask.Voxels.AsSpan(frames[f].SliceIndex * sliceLength, sliceLength), packed, (long)f * sliceLength);
        }
        return packed;
    }
}
