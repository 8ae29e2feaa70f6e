namespace TinyUNet.Training.Data;

/// <summary>4-connected component labelling and hole filling on row-major binary masks.</summary>
internal static class BinaryRegions
{
    /// <summary>Component id per pixel (−1 outside the mask) and, per component, its area and whether it touches the border.</summary>
    public static (int[] Ids, List<(int Area, bool TouchesBorder)> Components) Label(bool[] mask, int width, int height)
    {
        var ids = new int[mask.Length];
        Array.Fill(ids, -1);
        var components = new List<(int, bool)>();
        var stack = new Stack<int>();
        for (int start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || ids[start] >= 0) continue;
            int id = components.Count, area = 0;
            bool border = false;
            ids[start] = id;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int p = stack.Pop();
                area++;
                int x = p % width, y = p / width;
                if (x == 0 || y == 0 || x == width - 1 || y == height - 1) border = true;
                if (x > 0) Visit(p - 1);
                if (x < width - 1) Visit(p + 1);
                if (y > 0) Visit(p - width);
                if (y < height - 1) Visit(p + width);
            }
            components.Add((area, border));

            void Visit(int q)
            {
                if (!mask[q] || ids[q] >= 0) return;
                ids[q] = id;
                stack.Push(q);
            }
        }
        return (ids, components);
    }

    /// <summary>The mask plus every region of non-mask pixels that does not reach the image border.</summary>
    public static bool[] FillHoles(bool[] mask, int width, int height)
    {
        bool[] inverse = mask.Select(m => !m).ToArray();
        var (ids, components) = Label(inverse, width, height);
        var filled = (bool[])mask.Clone();
        for (int i = 0; i < filled.Length; i++)
            if (ids[i] >= 0 && !components[ids[i]].TouchesBorder) filled[i] = true;
        return filled;
    }

    /// <summary>The components covering at least <paramref name="fraction"/> of the image each.</summary>
    public static bool[] LargeComponents(bool[] mask, int width, int height, double fraction)
    {
        var (ids, components) = Label(mask, width, height);
        long minArea = (long)(fraction * mask.Length);
        return ids.Select(id => id >= 0 && components[id].Area >= minArea).ToArray();
    }
}
