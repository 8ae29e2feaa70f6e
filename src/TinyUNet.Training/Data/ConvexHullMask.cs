namespace TinyUNet.Training.Data;

/// <summary>The filled convex hull of a binary mask (monotone chain over each row's extreme pixels).</summary>
internal static class ConvexHullMask
{
    public static bool[] Fill(bool[] mask, int width, int height)
    {
        var points = new List<(long X, long Y)>();
        for (int y = 0; y < height; y++)
        {
            int first = -1, last = -1;
            for (int x = 0; x < width; x++)
                if (mask[y * width + x]) { if (first < 0) first = x; last = x; }
            if (first >= 0) { points.Add((first, y)); points.Add((last, y)); }
        }
        var filled = new bool[mask.Length];
        if (points.Count == 0) return filled;
        List<(long X, long Y)> hull = Hull(points);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                filled[y * width + x] = mask[y * width + x] || Inside(hull, x, y);
        return filled;
    }

    private static List<(long X, long Y)> Hull(List<(long X, long Y)> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        if (sorted.Count < 3) return sorted;
        var hull = new List<(long X, long Y)>();
        for (int pass = 0; pass < 2; pass++)
        {
            int start = hull.Count;
            foreach (var p in sorted)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0) hull.RemoveAt(hull.Count - 1);
                hull.Add(p);
            }
            hull.RemoveAt(hull.Count - 1);
            sorted.Reverse();
        }
        return hull;
    }

    /// <summary>Counter-clockwise hull: inside (or on an edge) when no edge has the point strictly to its right.</summary>
    private static bool Inside(List<(long X, long Y)> hull, long x, long y)
    {
        if (hull.Count < 3) return false;
        for (int i = 0; i < hull.Count; i++)
            if (Cross(hull[i], hull[(i + 1) % hull.Count], (x, y)) < 0) return false;
        return true;
    }

    private static long Cross((long X, long Y) o, (long X, long Y) a, (long X, long Y) b) =>
        (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
}
