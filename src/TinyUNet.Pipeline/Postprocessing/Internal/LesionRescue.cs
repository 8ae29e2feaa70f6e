namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// Keeps a lesion whole when most of it lies inside the guard's region. A lobe consolidated through and through holds
/// no air, so its far side can lie beyond any margin from the aerated lung, while the lesion itself is one connected
/// piece with its near side inside. What the model paints outside the lungs (the liver dome inside its hole, an arm,
/// the abdomen) lies mostly outside, and is clipped to the region.
/// </summary>
internal static class LesionRescue
{
    /// <summary>A lesion (4-connected, per slice) at least this much inside the region is kept whole.</summary>
    private const double InsideFraction = 0.5;

    /// <summary>Sets <paramref name="region"/> to 1 on every pixel of the slice's lesions that are mostly inside it.</summary>
    /// <param name="lesion">A slice of scratch for the lesion mask.</param>
    public static void Extend(ReadOnlySpan<byte> labels, Span<byte> region, int columns, int rows, Span<byte> lesion, SliceScratch scratch)
    {
        for (int i = 0; i < lesion.Length; i++)
            lesion[i] = labels[i] is (byte)LungClass.GroundGlassOpacity or (byte)LungClass.Consolidation ? (byte)1 : (byte)0;
        var runs = new MaskRuns(scratch, lesion, columns, rows, complement: false);
        if (runs.Count == 0) return;
        int[] label = scratch.RunLabel, size = scratch.ComponentA, inside = scratch.ComponentB;
        int count = RunComponents.Label(runs, scratch.RunParent, label);
        RunComponents.Sizes(runs, label, count, size);
        Array.Clear(inside, 0, count);
        for (int run = 0; run < runs.Count; run++)
        {
            ReadOnlySpan<byte> covered = region.Slice(runs.Row(run) * columns + runs.Start(run), runs.End(run) - runs.Start(run));
            inside[label[run]] += covered.Length - covered.Count((byte)0);
        }
        for (int run = 0; run < runs.Count; run++)
            if (inside[label[run]] >= InsideFraction * size[label[run]])
                region.Slice(runs.Row(run) * columns + runs.Start(run), runs.End(run) - runs.Start(run)).Fill(1);
    }
}
