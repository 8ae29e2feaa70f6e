namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// Fills, per slice, the holes of a mask (regions outside it that do not reach the slice's border) up to a size: a
/// dense lesion or a vessel enclosed by lung is inside the lung, and a large enclosed region (the liver dome ringed by
/// the right lung on a base slice) is not, and is reported.
/// </summary>
internal static class SliceHoleFill
{
    /// <param name="largeHoles">Set to 1 on the holes too large to fill.</param>
    public static void Fill(Span<byte> mask, int columns, int rows, int maxHolePixels, Span<byte> largeHoles)
    {
        int length = columns * rows;
        var reached = new bool[length];
        var stack = new Stack<int>();
        var hole = new List<int>();
        for (int x = 0; x < columns; x++) { Flood(mask, x); Flood(mask, (rows - 1) * columns + x); }
        for (int y = 0; y < rows; y++) { Flood(mask, y * columns); Flood(mask, y * columns + columns - 1); }
        for (int start = 0; start < length; start++)
        {
            if (reached[start] || mask[start] != 0) continue;
            hole.Clear();
            Flood(mask, start);
            if (hole.Count <= maxHolePixels) foreach (int i in hole) mask[i] = 1;
            else foreach (int i in hole) largeHoles[i] = 1;
        }

        void Flood(Span<byte> m, int seed)
        {
            if (reached[seed] || m[seed] != 0) return;
            reached[seed] = true;
            stack.Push(seed);
            while (stack.Count > 0)
            {
                int i = stack.Pop(), x = i % columns;
                hole.Add(i);
                if (x > 0 && !reached[i - 1] && m[i - 1] == 0) { reached[i - 1] = true; stack.Push(i - 1); }
                if (x < columns - 1 && !reached[i + 1] && m[i + 1] == 0) { reached[i + 1] = true; stack.Push(i + 1); }
                if (i >= columns && !reached[i - columns] && m[i - columns] == 0) { reached[i - columns] = true; stack.Push(i - columns); }
                if (i + columns < length && !reached[i + columns] && m[i + columns] == 0) { reached[i + columns] = true; stack.Push(i + columns); }
            }
        }
    }
}
