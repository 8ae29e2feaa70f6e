namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>Fills the convex hull of pixel centres into a row-major mask (Andrew's monotone chain, then one span per row).</summary>
internal static class ConvexHullFill
{
    /// <summary>
    /// Only each row's extreme pixels can be hull vertices, so the points are given as those: row y spans
    /// <paramref name="rowMin"/>[y] … <paramref name="rowMax"/>[y], and a row with none has rowMin &gt; rowMax.
    /// </summary>
    public static void Fill(ReadOnlySpan<int> rowMin, ReadOnlySpan<int> rowMax, int columns, int rows, Span<byte> mask)
    {
        var extremes = new List<(int X, int Y)>();
        for (int y = 0; y < rows; y++)
        {
            if (rowMin[y] > rowMax[y]) continue;
            extremes.Add((rowMin[y], y));
            if (rowMax[y] != rowMin[y]) extremes.Add((rowMax[y], y));
        }
        if (extremes.Count == 0) return;
        extremes.Sort((a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        var hull = new List<(int X, int Y)>();
        foreach (var p in extremes) Push(hull, p, 2);
        int lower = hull.Count + 1;
        for (int i = extremes.Count - 2; i >= 0; i--) Push(hull, extremes[i], lower);
        if (hull.Count > 1) hull.RemoveAt(hull.Count - 1);

        for (int y = 0; y < rows; y++)
        {
            double min = double.MaxValue, max = double.MinValue;
            for (int e = 0; e < hull.Count; e++)
            {
                var (a, b) = (hull[e], hull[(e + 1) % hull.Count]);
                if (y < Math.Min(a.Y, b.Y) || y > Math.Max(a.Y, b.Y)) continue;
                if (a.Y == b.Y) { min = Math.Min(min, Math.Min(a.X, b.X)); max = Math.Max(max, Math.Max(a.X, b.X)); continue; }
                double x = a.X + (double)(y - a.Y) * (b.X - a.X) / (b.Y - a.Y);
                min = Math.Min(min, x);
                max = Math.Max(max, x);
            }
            if (min > max) continue;
            int from = Math.Max(0, (int)Math.Ceiling(min - 1e-9)), to = Math.Min(columns - 1, (int)Math.Floor(max + 1e-9));
            if (from <= to) mask.Slice(y * columns + from, to - from + 1).Fill(1);
        }
    }

    private static void Push(List<(int X, int Y)> hull, (int X, int Y) p, int keep)
    {
        while (hull.Count >= keep && Cross(hull[^2], hull[^1], p) <= 0) hull.RemoveAt(hull.Count - 1);
        hull.Add(p);
    }

    private static long Cross((int X, int Y) o, (int X, int Y) a, (int X, int Y) b) =>
        (long)(a.X - o.X) * (b.Y - o.Y) - (long)(a.Y - o.Y) * (b.X - o.X);
}
