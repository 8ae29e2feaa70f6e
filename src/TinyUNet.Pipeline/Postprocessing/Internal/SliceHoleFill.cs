namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// Fills, per slice, the holes of a mask (regions outside it that do not reach the slice's border) up to a size: a
/// dense lesion or a vessel enclosed by lung is inside the lung, and a large enclosed region (the liver dome ringed by
/// the right lung on a base slice) is not, and is reported.
/// </summary>
internal static class SliceHoleFill
{
    /// <param name="largeHoles">Set to 1 on the holes too large to fill.</param>
    public static void Fill(Span<byte> mask, int columns, int rows, int maxHolePixels, Span<byte> largeHoles, SliceScratch scratch)
    {
        var zeros = new MaskRuns(scratch, mask, columns, rows, complement: true);
        int[] label = scratch.RunLabel, size = scratch.ComponentA, border = scratch.ComponentB;
        int count = RunComponents.Label(zeros, scratch.RunParent, label);
        RunComponents.Sizes(zeros, label, count, size);
        RunComponents.TouchBorder(zeros, label, count, border);
        for (int run = 0; run < zeros.Count; run++)
        {
            int component = label[run];
            if (border[component] != 0) continue;
            Span<byte> target = size[component] <= maxHolePixels ? mask : largeHoles;
            target.Slice(zeros.Row(run) * columns + zeros.Start(run), zeros.End(run) - zeros.Start(run)).Fill(1);
        }
    }
}
