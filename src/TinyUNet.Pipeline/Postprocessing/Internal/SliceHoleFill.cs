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
        int length = columns * rows;
        Span<byte> reached = scratch.Seen.AsSpan(0, length);
        reached.Clear();
        for (int x = 0; x < columns; x++) { Flood(mask, reached, x); Flood(mask, reached, (rows - 1) * columns + x); }
        for (int y = 0; y < rows; y++) { Flood(mask, reached, y * columns); Flood(mask, reached, y * columns + columns - 1); }
        int[] hole = scratch.Pixels;
        for (int start = 0; start < length; start++)
        {
            if (reached[start] != 0 || mask[start] != 0) continue;
            int count = Flood(mask, reached, start);
            byte value = 1;
            Span<byte> target = count <= maxHolePixels ? mask : largeHoles;
            for (int i = 0; i < count; i++) target[hole[i]] = value;
        }

        // The component of zeros at seed, into scratch.Pixels; its size.
        int Flood(Span<byte> m, Span<byte> seen, int seed)
        {
            if (seen[seed] != 0 || m[seed] != 0) return 0;
            int[] stack = scratch.Stack, pixels = scratch.Pixels;
            int top = 0, count = 0;
            seen[seed] = 1;
            stack[top++] = seed;
            while (top > 0)
            {
                int i = stack[--top], x = i % columns;
                pixels[count++] = i;
                if (x > 0 && seen[i - 1] == 0 && m[i - 1] == 0) { seen[i - 1] = 1; stack[top++] = i - 1; }
                if (x < columns - 1 && seen[i + 1] == 0 && m[i + 1] == 0) { seen[i + 1] = 1; stack[top++] = i + 1; }
                if (i >= columns && seen[i - columns] == 0 && m[i - columns] == 0) { seen[i - columns] = 1; stack[top++] = i - columns; }
                if (i + columns < length && seen[i + columns] == 0 && m[i + columns] == 0) { seen[i + columns] = 1; stack[top++] = i + columns; }
            }
            return count;
        }
    }
}
