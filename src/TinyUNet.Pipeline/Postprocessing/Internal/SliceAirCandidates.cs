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
    public static void Find(ReadOnlySpan<float> hu, int columns, int rows, float airBelowHu, Span<byte> candidate, SliceScratch scratch)
    {
        int length = columns * rows;
        Span<byte> air = scratch.Masks[0].AsSpan(0, length), hull = scratch.Masks[1].AsSpan(0, length);
        Span<byte> outside = scratch.Masks[2].AsSpan(0, length), seen = scratch.Seen.AsSpan(0, length);
        for (int i = 0; i < length; i++) air[i] = hu[i] < airBelowHu ? (byte)1 : (byte)0; // NaN is not air
        BodyHull(air, columns, rows, hull, scratch);
        OutsideAir(air, hull, columns, rows, outside, scratch.Stack);
        candidate.Clear();
        seen.Clear();
        int[] stack = scratch.Stack, pocket = scratch.Pixels;
        for (int start = 0; start < length; start++)
        {
            if (seen[start] != 0 || air[start] == 0 || outside[start] != 0) continue;
            int count = 0, gas = 0, top = 0;
            seen[start] = 1;
            stack[top++] = start;
            while (top > 0)
            {
                int i = stack[--top];
                pocket[count++] = i;
                if (hu[i] < GasBelowHu) gas++;
                int x = i % columns;
                if (x > 0) Visit(i - 1, seen, air, outside);
                if (x < columns - 1) Visit(i + 1, seen, air, outside);
                if (i >= columns) Visit(i - columns, seen, air, outside);
                if (i + columns < length) Visit(i + columns, seen, air, outside);
            }
            byte kind = gas >= GasFraction * count && !HasVessels(pocket.AsSpan(0, count), columns, rows, scratch) ? GasPocket : LungAir;
            for (int i = 0; i < count; i++) candidate[pocket[i]] = kind;

            void Visit(int i, Span<byte> s, ReadOnlySpan<byte> a, ReadOnlySpan<byte> o)
            {
                if (s[i] != 0 || a[i] == 0 || o[i] != 0) return;
                s[i] = 1;
                stack[top++] = i;
            }
        }
    }

    /// <summary>
    /// Whether the pocket encloses denser pixels (vessels, septa) over at least <see cref="VesselFraction"/> of its
    /// filled area. Aerated lung always does, even where an 8-bit export makes it as dark as pure gas; the lumen of
    /// the trachea, a bronchus or a bowel loop is empty.
    /// </summary>
    private static bool HasVessels(ReadOnlySpan<int> pocket, int columns, int rows, SliceScratch scratch)
    {
        int minX = columns, maxX = -1, minY = rows, maxY = -1;
        foreach (int i in pocket)
        {
            int x = i % columns, y = i / columns;
            (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
        }
        int width = maxX - minX + 3, height = maxY - minY + 3; // a free frame of one pixel around the box
        // 1: in the pocket; 2: reached from the frame.
        Span<byte> box = scratch.Framed.AsSpan(0, width * height);
        box.Clear();
        foreach (int i in pocket) box[(i / columns - minY + 1) * width + i % columns - minX + 1] = 1;
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
        int enclosed = width * height - outside - pocket.Length;
        return enclosed >= VesselFraction * (enclosed + pocket.Length);
    }

    /// <summary>Vessels and septa cover several per cent of an aerated lung's cross-section; an airway lumen none.</summary>
    private const double VesselFraction = 0.01;

    /// <summary>The filled convex hull of the 4-connected pieces above the air threshold that are large enough.</summary>
    private static void BodyHull(ReadOnlySpan<byte> air, int columns, int rows, Span<byte> hull, SliceScratch scratch)
    {
        int length = columns * rows;
        Span<byte> seen = scratch.Masks[3].AsSpan(0, length);
        seen.Clear();
        int[] stack = scratch.Stack, piece = scratch.Pixels, rowMin = scratch.RowMin, rowMax = scratch.RowMax;
        Array.Fill(rowMin, int.MaxValue);
        Array.Fill(rowMax, int.MinValue);
        int minimum = (int)Math.Ceiling(MinimumBodyPieceFraction * length);
        for (int start = 0; start < length; start++)
        {
            if (seen[start] != 0 || air[start] != 0) continue;
            int count = 0, top = 0;
            seen[start] = 1;
            stack[top++] = start;
            while (top > 0)
            {
                int i = stack[--top];
                piece[count++] = i;
                int x = i % columns;
                if (x > 0 && seen[i - 1] == 0 && air[i - 1] == 0) { seen[i - 1] = 1; stack[top++] = i - 1; }
                if (x < columns - 1 && seen[i + 1] == 0 && air[i + 1] == 0) { seen[i + 1] = 1; stack[top++] = i + 1; }
                if (i >= columns && seen[i - columns] == 0 && air[i - columns] == 0) { seen[i - columns] = 1; stack[top++] = i - columns; }
                if (i + columns < length && seen[i + columns] == 0 && air[i + columns] == 0) { seen[i + columns] = 1; stack[top++] = i + columns; }
            }
            if (count < minimum) continue;
            for (int p = 0; p < count; p++)
            {
                int y = piece[p] / columns, x = piece[p] - y * columns;
                rowMin[y] = Math.Min(rowMin[y], x);
                rowMax[y] = Math.Max(rowMax[y], x);
            }
        }
        hull.Clear();
        ConvexHullFill.Fill(rowMin.AsSpan(0, rows), rowMax.AsSpan(0, rows), columns, rows, hull);
    }

    /// <summary>Air outside the hull reached from the image border through air outside the hull.</summary>
    private static void OutsideAir(ReadOnlySpan<byte> air, ReadOnlySpan<byte> hull, int columns, int rows, Span<byte> outside, int[] stack)
    {
        int length = columns * rows;
        outside.Clear();
        int top = 0;
        for (int x = 0; x < columns; x++) { Seed(x, outside, air, hull); Seed((rows - 1) * columns + x, outside, air, hull); }
        for (int y = 0; y < rows; y++) { Seed(y * columns, outside, air, hull); Seed(y * columns + columns - 1, outside, air, hull); }
        while (top > 0)
        {
            int i = stack[--top], x = i % columns;
            if (x > 0) Seed(i - 1, outside, air, hull);
            if (x < columns - 1) Seed(i + 1, outside, air, hull);
            if (i >= columns) Seed(i - columns, outside, air, hull);
            if (i + columns < length) Seed(i + columns, outside, air, hull);
        }

        void Seed(int i, Span<byte> o, ReadOnlySpan<byte> a, ReadOnlySpan<byte> h)
        {
            if (o[i] != 0 || a[i] == 0 || h[i] != 0) return;
            o[i] = 1;
            stack[top++] = i;
        }
    }
}
