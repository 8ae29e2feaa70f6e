using System.Numerics;

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
            CheckText(ordered[i].Segment);
            var m = ordered[i].Mask;
            if (m.Columns != source.Columns || m.Rows != source.Rows || m.Depth != source.Slices.Count)
                throw new ArgumentException(
                    $"Mask of segment {i + 1} is {m.Columns}×{m.Rows}×{m.Depth}, the series {source.Columns}×{source.Rows}×{source.Slices.Count}.",
                    nameof(segments));
        }
        return ordered;
    }

    // VR length limits (LO 64, SH 16), checked here so a bad catalogue entry fails loudly instead of writing an
    // instance that dciodvfy and strict viewers reject.
    private static void CheckText(SegmentDescription s)
    {
        if (string.IsNullOrWhiteSpace(s.Label) || s.Label.Length > 64)
            throw new ArgumentException($"Segment {s.Number}: label must be 1–64 characters.", "segments");
        foreach (var code in new[] { s.Category, s.Type, s.TypeModifier, s.AnatomicRegion, s.AnatomicRegionModifier })
        {
            if (code is null) continue;
            if (code.Value.Length is 0 or > 16 || code.Scheme.Length is 0 or > 16 || code.Meaning.Length is 0 or > 64)
                throw new ArgumentException($"Segment {s.Number}: code ({code.Value}, {code.Scheme}) exceeds SH/LO limits or is empty.", "segments");
        }
    }

    public static IReadOnlyList<SegFrame> Frames(IReadOnlyList<SegmentMask> ordered, int sliceLength)
    {
        var frames = new List<SegFrame>();
        foreach (var s in ordered)
        {
            int before = frames.Count;
            for (int k = 0; k < s.Mask.Depth; k++)
                if (s.Covers(k)) frames.Add(new SegFrame(s.Segment.Number, k));
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
        var bySegment = ordered.ToDictionary(s => s.Segment.Number);
        var scratch = new byte[sliceLength];
        for (int f = 0; f < frames.Count; f++)
        {
            var mask = bySegment[frames[f].SegmentNumber];
            BitPacking.PackFrame(mask.SliceOf(frames[f].SliceIndex, scratch), packed, (long)f * sliceLength);
        }
        return packed;
    }

    /// <summary>
    /// YES when two segments share a voxel (lung and lesion segments normally do). Only slices where both segments
    /// have a frame can overlap, so only those are compared.
    /// </summary>
    public static bool Overlap(IReadOnlyList<SegmentMask> ordered, IReadOnlyList<SegFrame> frames, int sliceLength)
    {
        var bySegment = ordered.ToDictionary(s => s.Segment.Number);
        byte[] first = new byte[sliceLength], second = new byte[sliceLength];
        foreach (var slice in frames.GroupBy(f => f.SliceIndex).Where(g => g.Count() > 1))
        {
            var numbers = slice.Select(f => f.SegmentNumber).Distinct().ToList();
            for (int a = 0; a < numbers.Count; a++)
            for (int b = a + 1; b < numbers.Count; b++)
            {
                var x = bySegment[numbers[a]].SliceOf(slice.Key, first);
                var y = bySegment[numbers[b]].SliceOf(slice.Key, second);
                if (AnyBothNonZero(x, y)) return true;
            }
        }
        return false;
    }

    private static bool AnyBothNonZero(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        int i = 0;
        // min(x, y) is non-zero exactly where both are, for any non-zero mask values.
        for (; i <= x.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            if (!Vector.EqualsAll(Vector.Min(new Vector<byte>(x.Slice(i)), new Vector<byte>(y.Slice(i))), Vector<byte>.Zero)) return true;
        for (; i < x.Length; i++)
            if (x[i] != 0 && y[i] != 0) return true;
        return false;
    }
}

/// <summary>One frame of a SEG: which segment and which source slice (index into CtSeries.Slices).</summary>
internal readonly record struct SegFrame(int SegmentNumber, int SliceIndex);
