namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>Fills the convex hull of pixel centres into a row-major mask (Andrew's monotone chain, then one span per row).</summary>
internal static class ConvexHullFill
{
    public static void Fill(List<(int X, int Y)> points, int columns, int rows, bool[] mask)
    {
        if (points.Count == 0) return;
        // Only each row's extreme pixels can be hull vertices: keeps the sort short on a body of 10⁵ pixels.
        var extremes = points.GroupBy(p => p.Y)
            .SelectMany(g => new[] { (X: g.Min(p => p.X), Y: g.Key), (X: g.Max(p => p.X), Y: g.Key) })
            .Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToArray();
        var hull = new List<(int X, int Y)>();
        foreach (var p in extremes) Push(hull, p, 2);
        int lower = hull.Count + 1;
        for (int i = extremes.Length - 2; i >= 0; i--) Push(hull, extremes[i], lower);
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
            for (int x = from; x <= to; x++) mask[y * columns + x] = true;
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
