namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// Keeps a lesion whole when most of it lies inside the guard's region. A lobe consolidated through and through holds
/// no air, so its far side can lie beyond any margin from the aerated lung, while the lesion itself is one connected
/// piece with its near side inside. What the model paints outside the lungs (the liver dome inside its hole, an arm,
/// the abdomen) lies mostly outside, and is clipped to the region.
/// </summary>
internal static class LesionRescue
{
    /// <summary>A lesion (4-connected, per slice) at least this much inside the region is kept whole.</summary>
    private const double InsideFraction = 0.5;

    /// <summary>Sets <paramref name="region"/> to 1 on every pixel of the slice's lesions that are mostly inside it.</summary>
    public static void Extend(ReadOnlySpan<byte> labels, Span<byte> region, int columns, int rows)
    {
        int length = columns * rows;
        var seen = new bool[length];
        var stack = new Stack<int>();
        var lesion = new List<int>();
        for (int start = 0; start < length; start++)
        {
            if (seen[start] || !IsLesion(labels[start])) continue;
            lesion.Clear();
            int inside = 0;
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int i = stack.Pop(), x = i % columns;
                lesion.Add(i);
                if (region[i] != 0) inside++;
                if (x > 0) Visit(labels, i - 1);
                if (x < columns - 1) Visit(labels, i + 1);
                if (i >= columns) Visit(labels, i - columns);
                if (i + columns < length) Visit(labels, i + columns);
            }
            if (inside >= InsideFraction * lesion.Count) foreach (int i in lesion) region[i] = 1;
        }

        void Visit(ReadOnlySpan<byte> l, int i)
        {
            if (seen[i] || !IsLesion(l[i])) return;
            seen[i] = true;
            stack.Push(i);
        }
    }

    private static bool IsLesion(byte label) => label is (byte)LungClass.GroundGlassOpacity or (byte)LungClass.Consolidation;
}
