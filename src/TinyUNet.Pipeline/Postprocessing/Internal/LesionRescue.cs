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
    public static void Extend(ReadOnlySpan<byte> labels, Span<byte> region, int columns, int rows, SliceScratch scratch)
    {
        int length = columns * rows;
        Span<byte> seen = scratch.Seen.AsSpan(0, length);
        seen.Clear();
        int[] stack = scratch.Stack, lesion = scratch.Pixels;
        for (int start = 0; start < length; start++)
        {
            if (seen[start] != 0 || !IsLesion(labels[start])) continue;
            int count = 0, inside = 0, top = 0;
            seen[start] = 1;
            stack[top++] = start;
            while (top > 0)
            {
                int i = stack[--top], x = i % columns;
                lesion[count++] = i;
                if (region[i] != 0) inside++;
                if (x > 0) Visit(labels, seen, i - 1);
                if (x < columns - 1) Visit(labels, seen, i + 1);
                if (i >= columns) Visit(labels, seen, i - columns);
                if (i + columns < length) Visit(labels, seen, i + columns);
            }
            if (inside >= InsideFraction * count)
                for (int i = 0; i < count; i++) region[lesion[i]] = 1;

            void Visit(ReadOnlySpan<byte> l, Span<byte> s, int i)
            {
                if (s[i] != 0 || !IsLesion(l[i])) return;
                s[i] = 1;
                stack[top++] = i;
            }
        }
    }

    private static bool IsLesion(byte label) => label is (byte)LungClass.GroundGlassOpacity or (byte)LungClass.Consolidation;
}
