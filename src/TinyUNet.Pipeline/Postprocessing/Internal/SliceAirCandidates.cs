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
    public static void Find(ReadOnlySpan<float> hu, int columns, int rows, float airBelowHu, Span<byte> candidate)
    {
        int length = columns * rows;
        var air = new bool[length];
        for (int i = 0; i < length; i++) air[i] = hu[i] < airBelowHu; // NaN is not air
        bool[] hull = BodyHull(air, columns, rows);
        bool[] outside = OutsideAir(air, hull, columns, rows);
        candidate.Clear();
        var pocket = new List<int>();
        var stack = new Stack<int>();
        var seen = new bool[length];
        for (int start = 0; start < length; start++)
        {
            if (seen[start] || !air[start] || outside[start]) continue;
            pocket.Clear();
            int gas = 0;
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                pocket.Add(i);
                if (hu[i] < GasBelowHu) gas++;
                int x = i % columns;
                if (x > 0) Visit(i - 1);
                if (x < columns - 1) Visit(i + 1);
                if (i >= columns) Visit(i - columns);
                if (i + columns < length) Visit(i + columns);
            }
            byte kind = gas >= GasFraction * pocket.Count && !HasVessels(pocket, columns, rows) ? GasPocket : LungAir;
            foreach (int i in pocket) candidate[i] = kind;
        }

        void Visit(int i)
        {
            if (seen[i] || !air[i] || outside[i]) return;
            seen[i] = true;
            stack.Push(i);
        }
    }

    /// <summary>
    /// Whether the pocket encloses denser pixels (vessels, septa) over at least <see cref="VesselFraction"/> of its
    /// filled area. Aerated lung always does, even where an 8-bit export makes it as dark as pure gas; the lumen of
    /// the trachea, a bronchus or a bowel loop is empty.
    /// </summary>
    private static bool HasVessels(List<int> pocket, int columns, int rows)
    {
        int minX = columns, maxX = -1, minY = rows, maxY = -1;
        foreach (int i in pocket)
        {
            int x = i % columns, y = i / columns;
            (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
        }
        int width = maxX - minX + 3, height = maxY - minY + 3; // a free frame of one pixel around the box
        var inPocket = new bool[width * height];
        foreach (int i in pocket) inPocket[(i / columns - minY + 1) * width + i % columns - minX + 1] = true;
        var reached = new bool[width * height];
        var stack = new Stack<int>();
        reached[0] = true;
        stack.Push(0);
        int outside = 0;
        while (stack.Count > 0)
        {
            int i = stack.Pop(), x = i % width;
            outside++;
            foreach (int n in new[] { x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width })
                if (n >= 0 && n < reached.Length && !reached[n] && !inPocket[n]) { reached[n] = true; stack.Push(n); }
        }
        int enclosed = width * height - outside - pocket.Count;
        return enclosed >= VesselFraction * (enclosed + pocket.Count);
    }

    /// <summary>Vessels and septa cover several per cent of an aerated lung's cross-section; an airway lumen none.</summary>
    private const double VesselFraction = 0.01;

    /// <summary>The filled convex hull of the 4-connected pieces above the air threshold that are large enough.</summary>
    private static bool[] BodyHull(bool[] air, int columns, int rows)
    {
        int length = columns * rows;
        var seen = new bool[length];
        var stack = new Stack<int>();
        var piece = new List<int>();
        var points = new List<(int X, int Y)>();
        int minimum = (int)Math.Ceiling(MinimumBodyPieceFraction * length);
        for (int start = 0; start < length; start++)
        {
            if (seen[start] || air[start]) continue;
            piece.Clear();
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                piece.Add(i);
                int x = i % columns;
                if (x > 0 && !seen[i - 1] && !air[i - 1]) { seen[i - 1] = true; stack.Push(i - 1); }
                if (x < columns - 1 && !seen[i + 1] && !air[i + 1]) { seen[i + 1] = true; stack.Push(i + 1); }
                if (i >= columns && !seen[i - columns] && !air[i - columns]) { seen[i - columns] = true; stack.Push(i - columns); }
                if (i + columns < length && !seen[i + columns] && !air[i + columns]) { seen[i + columns] = true; stack.Push(i + columns); }
            }
            if (piece.Count < minimum) continue;
            foreach (int i in piece) points.Add((i % columns, i / columns));
        }
        var hull = new bool[length];
        ConvexHullFill.Fill(points, columns, rows, hull);
        return hull;
    }

    /// <summary>Air outside the hull reached from the image border through air outside the hull.</summary>
    private static bool[] OutsideAir(bool[] air, bool[] hull, int columns, int rows)
    {
        int length = columns * rows;
        var outside = new bool[length];
        var stack = new Stack<int>();
        void Seed(int i)
        {
            if (outside[i] || !air[i] || hull[i]) return;
            outside[i] = true;
            stack.Push(i);
        }
        for (int x = 0; x < columns; x++) { Seed(x); Seed((rows - 1) * columns + x); }
        for (int y = 0; y < rows; y++) { Seed(y * columns); Seed(y * columns + columns - 1); }
        while (stack.Count > 0)
        {
            int i = stack.Pop(), x = i % columns;
            if (x > 0) Seed(i - 1);
            if (x < columns - 1) Seed(i + 1);
            if (i >= columns) Seed(i - columns);
            if (i + columns < length) Seed(i + columns);
        }
        return outside;
    }
}
