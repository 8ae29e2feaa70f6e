using System.Numerics;

namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// One axial slice's candidate lung air: pixels below the air threshold inside the body and not connected to the air
/// outside it, with the airway-like and bowel-gas-like pockets taken out. The body is the filled convex hull of the
/// larger pieces above the threshold, and outside air is air outside that hull reached from the image border: a thorax
/// crop whose lungs touch the border (the COVID-SemiSeg slices) then keeps its lungs, where a plain flood from the
/// border would run into them. Each remaining 2-D air pocket whose pixels are mostly pure gas (below
/// <see cref="GasBelowHu"/>) and encloses no vessels is a gas pocket, not lung: trachea, main bronchi and bowel gas
/// are air with nothing in it, aerated lung is air with parenchyma and vessels (about −850 HU).
/// </summary>
internal static class SliceAirCandidates
{
    /// <summary>Pure gas: air, trachea, bowel gas are about −1000 HU; aerated lung about −850.</summary>
    public const float GasBelowHu = -950;

    /// <summary>A pocket is gas when at least this fraction of its pixels is below <see cref="GasBelowHu"/>; normal lung has under 10 %.</summary>
    private const double GasFraction = 0.5;

    /// <summary>Body pieces under this fraction of the slice (noise, cables, table edges) do not shape the hull.</summary>
    private const double MinimumBodyPieceFraction = 0.01;

    /// <summary>Candidate lung air in <paramref name="candidate"/>.</summary>
    public const byte LungAir = 1;

    /// <summary>A gas pocket inside the body (airway, bowel gas) in <paramref name="candidate"/>: never lung, nor lesion.</summary>
    public const byte GasPocket = 2;

    /// <summary>Writes <see cref="LungAir"/> or <see cref="GasPocket"/> into <paramref name="candidate"/>, 0 elsewhere.</summary>
    public static void Find(ReadOnlySpan<short> hu, int columns, int rows, float airBelowHu, Span<byte> candidate, SliceScratch scratch)
    {
        int length = columns * rows;
        Span<byte> air = scratch.Masks[0].AsSpan(0, length), hull = scratch.Masks[1].AsSpan(0, length);
        Span<byte> work = scratch.Masks[2].AsSpan(0, length), outside = scratch.Masks[3].AsSpan(0, length);
        Below(hu, airBelowHu, air);
        BodyHull(air, columns, rows, hull, scratch);

        // Outside air: the components of air outside the hull that reach the image border.
        for (int i = 0; i < length; i++) work[i] = (byte)(air[i] & (hull[i] ^ 1));
        var runs = new MaskRuns(scratch, work, columns, rows, complement: false);
        int[] label = scratch.RunLabel, size = scratch.ComponentA, other = scratch.ComponentB;
        int count = RunComponents.Label(runs, scratch.RunParent, label);
        RunComponents.TouchBorder(runs, label, count, other);
        outside.Clear();
        for (int run = 0; run < runs.Count; run++)
            if (other[label[run]] != 0) Pixels(outside, runs, run).Fill(1);

        // The pockets: the components of the remaining air.
        for (int i = 0; i < length; i++) work[i] = (byte)(air[i] & (outside[i] ^ 1));
        runs = new MaskRuns(scratch, work, columns, rows, complement: false);
        count = RunComponents.Label(runs, scratch.RunParent, label);
        RunComponents.Sizes(runs, label, count, size);
        Span<int> gas = other.AsSpan(0, count);
        gas.Clear();
        for (int run = 0; run < runs.Count; run++)
            foreach (short value in Pixels(hu, runs, run))
                if (value < GasBelowHu) gas[label[run]]++;
        // Each component's runs together (a counting sort), for the pockets whose vessels are looked for.
        int[] first = scratch.ComponentC, byComponent = scratch.Pixels;
        Array.Clear(first, 0, count + 1);
        for (int run = 0; run < runs.Count; run++) first[label[run] + 1]++;
        for (int c = 0; c < count; c++) first[c + 1] += first[c];
        for (int run = 0; run < runs.Count; run++) byComponent[first[label[run]]++] = run;
        for (int c = count; c > 0; c--) first[c] = first[c - 1];
        first[0] = 0;

        candidate.Clear();
        for (int c = 0; c < count; c++)
        {
            ReadOnlySpan<int> pocket = byComponent.AsSpan(first[c], first[c + 1] - first[c]);
            byte kind = gas[c] >= GasFraction * size[c] && !HasVessels(runs, pocket, size[c], scratch) ? GasPocket : LungAir;
            foreach (int run in pocket) Pixels(candidate, runs, run).Fill(kind);
        }
    }

    /// <summary>1 where <paramref name="hu"/> is below the threshold, 0 elsewhere.</summary>
    private static void Below(ReadOnlySpan<short> hu, float threshold, Span<byte> below)
    {
        // Whole HU are below t exactly when they are below ⌈t⌉.
        short limit = (short)Math.Clamp(Math.Ceiling(threshold), short.MinValue, short.MaxValue);
        int i = 0, step = Vector<byte>.Count, n = Vector<short>.Count;
        var limits = new Vector<short>(limit);
        for (; i <= hu.Length - step; i += step)
        {
            Vector<sbyte> lower = Vector.Narrow(Vector.LessThan(new Vector<short>(hu[i..]), limits), Vector.LessThan(new Vector<short>(hu[(i + n)..]), limits));
            (Vector.AsVectorByte(lower) & Vector<byte>.One).CopyTo(below[i..]);
        }
        for (; i < hu.Length; i++) below[i] = hu[i] < limit ? (byte)1 : (byte)0;
    }

    private static Span<T> Pixels<T>(Span<T> slice, in MaskRuns runs, int run) =>
        slice.Slice(runs.Row(run) * runs.Columns + runs.Start(run), runs.End(run) - runs.Start(run));

    private static ReadOnlySpan<T> Pixels<T>(ReadOnlySpan<T> slice, in MaskRuns runs, int run) =>
        slice.Slice(runs.Row(run) * runs.Columns + runs.Start(run), runs.End(run) - runs.Start(run));

    /// <summary>
    /// Whether the pocket encloses denser pixels (vessels, septa) over at least <see cref="VesselFraction"/> of its
    /// filled area. Aerated lung always does, even where an 8-bit export makes it as dark as pure gas; the lumen of
    /// the trachea, a bronchus or a bowel loop is empty.
    /// </summary>
    private static bool HasVessels(in MaskRuns runs, ReadOnlySpan<int> pocket, int pixels, SliceScratch scratch)
    {
        int minX = int.MaxValue, maxX = -1, minY = int.MaxValue, maxY = -1;
        foreach (int run in pocket)
            (minX, maxX, minY, maxY) = (Math.Min(minX, runs.Start(run)), Math.Max(maxX, runs.End(run) - 1),
                Math.Min(minY, runs.Row(run)), Math.Max(maxY, runs.Row(run)));
        int width = maxX - minX + 3, height = maxY - minY + 3; // a free frame of one pixel around the box
        // 1: in the pocket; 2: reached from the frame.
        Span<byte> box = scratch.Framed.AsSpan(0, width * height);
        box.Clear();
        foreach (int run in pocket)
            box.Slice((runs.Row(run) - minY + 1) * width + runs.Start(run) - minX + 1, runs.End(run) - runs.Start(run)).Fill(1);
        int[] stack = scratch.Stack;
        int top = 0, outside = 0;
        box[0] = 2;
        stack[top++] = 0;
        while (top > 0)
        {
            int i = stack[--top], x = i % width;
            outside++;
            if (x > 0 && box[i - 1] == 0) { box[i - 1] = 2; stack[top++] = i - 1; }
            if (x < width - 1 && box[i + 1] == 0) { box[i + 1] = 2; stack[top++] = i + 1; }
            if (i >= width && box[i - width] == 0) { box[i - width] = 2; stack[top++] = i - width; }
            if (i + width < box.Length && box[i + width] == 0) { box[i + width] = 2; stack[top++] = i + width; }
        }
        int enclosed = width * height - outside - pixels;
        return enclosed >= VesselFraction * (enclosed + pixels);
    }

    /// <summary>Vessels and septa cover several per cent of an aerated lung's cross-section; an airway lumen none.</summary>
    private const double VesselFraction = 0.01;

    /// <summary>The filled convex hull of the 4-connected pieces above the air threshold that are large enough.</summary>
    private static void BodyHull(ReadOnlySpan<byte> air, int columns, int rows, Span<byte> hull, SliceScratch scratch)
    {
        var body = new MaskRuns(scratch, air, columns, rows, complement: true);
        int[] label = scratch.RunLabel, size = scratch.ComponentA, rowMin = scratch.RowMin, rowMax = scratch.RowMax;
        int count = RunComponents.Label(body, scratch.RunParent, label);
        RunComponents.Sizes(body, label, count, size);
        Array.Fill(rowMin, int.MaxValue);
        Array.Fill(rowMax, int.MinValue);
        int length = columns * rows, minimum = (int)Math.Ceiling(MinimumBodyPieceFraction * length);
        for (int run = 0; run < body.Count; run++)
        {
            if (size[label[run]] < minimum) continue;
            int y = body.Row(run);
            rowMin[y] = Math.Min(rowMin[y], body.Start(run));
            rowMax[y] = Math.Max(rowMax[y], body.End(run) - 1);
        }
        hull.Clear();
        ConvexHullFill.Fill(rowMin.AsSpan(0, rows), rowMax.AsSpan(0, rows), columns, rows, hull);
    }
}
