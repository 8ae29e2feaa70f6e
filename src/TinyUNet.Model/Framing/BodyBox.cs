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

    public static PixelBox Find(ReadOnlySpan<float> values, int width, int height, float threshold) =>
        Find<float>(values, width, height, threshold);

    /// <summary>The same on whole Hounsfield units, as a CT series is decoded.</summary>
    public static PixelBox Find(ReadOnlySpan<short> values, int width, int height, float threshold) =>
        Find<short>(values, width, height, threshold);

    private static PixelBox Find<T>(ReadOnlySpan<T> values, int width, int height, float threshold) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        if (values.Length != width * height) throw new ArgumentException($"{values.Length} values for {width}×{height}.", nameof(values));
        // Labelled by runs, not pixels: a row's runs above the threshold join the runs they touch in the row above
        // (union-find). A 512² slice has a few thousand runs against ~10⁵ body pixels, which a pixel flood fill visits
        // one by one. Pooled arrays: this runs once per slice of every study.
        int maxRuns = height * ((width + 1) / 2);
        int[] start = System.Buffers.ArrayPool<int>.Shared.Rent(maxRuns), end = System.Buffers.ArrayPool<int>.Shared.Rent(maxRuns);
        int[] row = System.Buffers.ArrayPool<int>.Shared.Rent(maxRuns), parent = System.Buffers.ArrayPool<int>.Shared.Rent(maxRuns);
        try
        {
            int runs = LabelRuns(values, width, height, threshold, start, end, row, parent);
            return Largest(runs, width, height, start, end, row, parent);
        }
        finally
        {
            foreach (int[] array in new[] { start, end, row, parent }) System.Buffers.ArrayPool<int>.Shared.Return(array);
        }
    }

    /// <summary>Every run of pixels above the threshold, in raster order, joined with the runs it touches above it.</summary>
    private static int LabelRuns<T>(ReadOnlySpan<T> values, int width, int height, float threshold,
        int[] start, int[] end, int[] row, int[] parent) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        int runs = 0, previousFirst = 0, previousEnd = 0;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<T> line = values.Slice(y * width, width);
            int first = runs;
            for (int x = 0; x < width; x++)
            {
                if (!(float.CreateTruncating(line[x]) > threshold)) continue; // NaN is not above anything
                int x0 = x;
                while (x < width && float.CreateTruncating(line[x]) > threshold) x++;
                (start[runs], end[runs], row[runs], parent[runs]) = (x0, x, y, runs);
                runs++;
            }
            // 4-connected: two runs of adjacent rows touch when their column ranges overlap.
            RunUnionFind.JoinTouching(parent, start, end, previousFirst, previousEnd, first, runs, slack: 0);
            (previousFirst, previousEnd) = (first, runs);
        }
        return runs;
    }

    /// <summary>The box of the largest component; of equal ones the first in raster order, as a scan would meet them.</summary>
    private static PixelBox Largest(int runs, int width, int height, int[] start, int[] end, int[] row, int[] parent)
    {
        var components = new Dictionary<int, (int Size, int MinX, int MinY, int MaxX, int MaxY, int First)>();
        for (int r = 0; r < runs; r++)
        {
            int root = RunUnionFind.Find(parent, r);
            components[root] = components.TryGetValue(root, out var c)
                ? (c.Size + end[r] - start[r], Math.Min(c.MinX, start[r]), c.MinY, Math.Max(c.MaxX, end[r] - 1), row[r], c.First)
                : (end[r] - start[r], start[r], row[r], end[r] - 1, row[r], r);
        }
        int bestSize = 0, bestFirst = int.MaxValue;
        PixelBox best = PixelBox.Whole(width, height);
        foreach (var c in components.Values)
        {
            if (c.Size < bestSize || (c.Size == bestSize && c.First > bestFirst)) continue;
            (bestSize, bestFirst) = (c.Size, c.First);
            best = new PixelBox(c.MinX, c.MinY, c.MaxX - c.MinX + 1, c.MaxY - c.MinY + 1);
        }
        return bestSize >= MinimumFraction * width * height ? best : PixelBox.Whole(width, height);
    }
}
