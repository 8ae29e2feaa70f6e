namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// The guard's steps after the 3-D HU lung mask, one slice at a time (all of them are in the slice's plane): the region
/// (the HU lung with its small holes filled, grown by the margin, less the large holes of the lung and of its closing,
/// less gas pockets), lesions mostly inside it kept whole, and lung and lesion labels outside it cleared. The region is
/// built inside the lung's bounding box widened by the disc's reach and one free pixel: nothing beyond it can be in the
/// grown lung, and that free frame, connected to the rest of the slice outside, stands in for the slice's border in the
/// hole filling and for the outside in the closing, so the result is the whole slice's.
/// </summary>
internal sealed class SliceGuard(DiscDilation disc, int columns, int rows, int maxHolePixels)
{
    /// <summary>Clears <paramref name="labels"/> outside the region; what was kept and cleared, in pixels.</summary>
    /// <param name="found">The slice of <see cref="HuLungMask.Build"/>'s result.</param>
    public (long Guard, long Lesions, long Field) Apply(ReadOnlySpan<byte> found, Span<byte> labels, SliceScratch scratch)
    {
        int length = columns * rows;
        Span<byte> region = scratch.Masks[4].AsSpan(0, length);
        region.Clear();
        if (LungBox(found) is var (minX, maxX, minY, maxY))
        {
            int padX = Math.Max(0, disc.ReachColumns) + 1, padY = Math.Max(0, disc.ReachRows) + 1;
            int x0 = Math.Max(0, minX - padX), x1 = Math.Min(columns - 1, maxX + padX);
            int y0 = Math.Max(0, minY - padY), y1 = Math.Min(rows - 1, maxY + padY);
            Region(found, x0, x1 - x0 + 1, y0, y1 - y0 + 1, region, scratch);
        }
        // Which lesions are kept whole needs the region final, so this comes after it, over the whole slice.
        LesionRescue.Extend(labels, region, columns, rows, scratch.Masks[0].AsSpan(0, length), scratch);

        long guard = 0, lesions = 0, field = 0;
        for (int i = 0; i < length; i++)
        {
            if (region[i] != 0) { guard++; continue; }
            switch ((LungClass)labels[i])
            {
                case LungClass.LungField: field++; break;
                case LungClass.GroundGlassOpacity or LungClass.Consolidation: lesions++; break;
                default: continue;
            }
            labels[i] = (byte)LungClass.Background;
        }
        return (guard, lesions, field);
    }

    private (int MinX, int MaxX, int MinY, int MaxY)? LungBox(ReadOnlySpan<byte> found)
    {
        int minX = columns, maxX = -1, minY = -1, maxY = -1;
        for (int y = 0; y < rows; y++)
        {
            ReadOnlySpan<byte> line = found.Slice(y * columns, columns);
            int first = line.IndexOf(SliceAirCandidates.LungAir);
            if (first < 0) continue;
            if (minY < 0) minY = y;
            maxY = y;
            minX = Math.Min(minX, first);
            maxX = Math.Max(maxX, line.LastIndexOf(SliceAirCandidates.LungAir));
        }
        return minY < 0 ? null : (minX, maxX, minY, maxY);
    }

    /// <summary>Writes the region of the window (x0, y0, width × height) into the slice's <paramref name="region"/>.</summary>
    private void Region(ReadOnlySpan<byte> found, int x0, int width, int y0, int height, Span<byte> region, SliceScratch scratch)
    {
        int n = width * height;
        Span<byte> filled = scratch.Masks[0].AsSpan(0, n), largeHoles = scratch.Masks[1].AsSpan(0, n);
        Span<byte> grown = scratch.Masks[2].AsSpan(0, n), closed = scratch.Masks[3].AsSpan(0, n);
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> source = found.Slice((y0 + y) * columns + x0, width);
            Span<byte> target = filled.Slice(y * width, width);
            for (int x = 0; x < width; x++) target[x] = source[x] == SliceAirCandidates.LungAir ? (byte)1 : (byte)0;
        }
        largeHoles.Clear();
        SliceHoleFill.Fill(filled, width, height, maxHolePixels, largeHoles, scratch);
        disc.Dilate(filled, width, height, complement: false, grown, scratch, y0, rows);
        // Closing: the grown lung eroded again, which turns a lung that curls around something into a ring. Erosion is
        // the complement of the complement's dilation.
        disc.Dilate(grown, width, height, complement: true, closed, scratch, y0, rows);
        for (int i = 0; i < n; i++) closed[i] = (byte)((closed[i] ^ 1) | filled[i]);
        SliceHoleFill.Fill(closed, width, height, maxHolePixels, largeHoles, scratch);
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> kind = found.Slice((y0 + y) * columns + x0, width);
            Span<byte> target = region.Slice((y0 + y) * columns + x0, width);
            for (int x = 0, i = y * width; x < width; x++, i++)
                // Closing ⊆ grown: it only finds holes. A large hole's rim is in the hole (it is not HU lung), so no
                // margin. Gas inside the body (trachea, bronchi, bowel) is neither lung nor lesion, even within the margin.
                target[x] = kind[x] == SliceAirCandidates.GasPocket ? (byte)0 : (byte)(filled[i] | (grown[i] & (largeHoles[i] ^ 1)));
        }
    }
}
