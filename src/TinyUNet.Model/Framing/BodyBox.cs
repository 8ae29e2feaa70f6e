namespace TinyUNet.Model.Framing;

/// <summary>An axis-aligned box in pixel coordinates of a row-major slice: columns X..X+Width−1, rows Y..Y+Height−1.</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height)
{
    public static PixelBox Whole(int width, int height) => new(0, 0, width, height);
    public bool IsWhole(int width, int height) => X == 0 && Y == 0 && Width == width && Height == height;

    /// <summary>The box's pixels of a row-major raster <paramref name="width"/> pixels wide, row-major.</summary>
    public T[] Crop<T>(T[] source, int width)
    {
        var target = new T[Width * Height];
        for (int y = 0; y < Height; y++) Array.Copy(source, (Y + y) * width + X, target, y * Width, Width);
        return target;
    }
}

/// <summary>
/// Finds the body on an axial slice: the bounding box of the largest 4-connected region above a threshold. The
/// table, clothing and noise are separate, smaller regions, so the box is the thorax as the COVID-SemiSeg exports
/// crop it. A slice with no region worth the name (under 1 % of its pixels) keeps its whole extent.
/// </summary>
public static class BodyBox
{
    private const double MinimumFraction = 0.01;

    public static PixelBox Find(ReadOnlySpan<float> values, int width, int height, float threshold)
    {
        if (values.Length != width * height) throw new ArgumentException($"{values.Length} values for {width}×{height}.", nameof(values));
        // Pooled: a fresh 1 MB label array per 512² slice would cost a full (gen 2) collection every few slices.
        int[] component = System.Buffers.ArrayPool<int>.Shared.Rent(values.Length);
        Array.Clear(component, 0, values.Length);
        try
        {
            return Find(values, width, height, threshold, component);
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(component);
        }
    }

    private static PixelBox Find(ReadOnlySpan<float> values, int width, int height, float threshold, int[] component)
    {
        var stack = new Stack<int>();
        int label = 0, bestSize = 0;
        PixelBox best = PixelBox.Whole(width, height);
        for (int start = 0; start < values.Length; start++)
        {
            if (component[start] != 0 || !(values[start] > threshold)) continue;
            label++;
            int size = 0, minX = width, minY = height, maxX = -1, maxY = -1;
            component[start] = label;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int p = stack.Pop(), x = p % width, y = p / width;
                size++;
                minX = Math.Min(minX, x); maxX = Math.Max(maxX, x);
                minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
                if (x > 0) Visit(values, component, stack, p - 1, threshold, label);
                if (x < width - 1) Visit(values, component, stack, p + 1, threshold, label);
                if (y > 0) Visit(values, component, stack, p - width, threshold, label);
                if (y < height - 1) Visit(values, component, stack, p + width, threshold, label);
            }
            if (size > bestSize)
            {
                bestSize = size;
                best = new PixelBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
            }
        }
        return bestSize >= MinimumFraction * values.Length ? best : PixelBox.Whole(width, height);
    }

    private static void Visit(ReadOnlySpan<float> values, int[] component, Stack<int> stack, int q, float threshold, int label)
    {
        if (component[q] != 0 || !(values[q] > threshold)) return;
        component[q] = label;
        stack.Push(q);
    }
}
