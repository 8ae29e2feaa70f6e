namespace TinyUNet.Model.Framing;

/// <summary>
/// Union–find over runs (consecutive pixels of one line, given as parallel start/end arrays), the core of labelling
/// by runs instead of pixels: the body box of a slice (<see cref="BodyBox"/>) and the lungs' 3-D components share it.
/// The later run joins the earlier root, so a set's root is always its smallest run index (its first in scan order).
/// </summary>
public static class RunUnionFind
{
    /// <summary>
    /// Joins the runs of two lines (index ranges [a, aEnd) and [b, bEnd), each sorted by column) whose column ranges
    /// meet within <paramref name="slack"/> columns: 0 for side neighbours only, 1 to count diagonal neighbours too.
    /// </summary>
    public static void JoinTouching(int[] parent, int[] start, int[] end, int a, int aEnd, int b, int bEnd, int slack)
    {
        while (a < aEnd && b < bEnd)
        {
            if (start[a] < end[b] + slack && start[b] < end[a] + slack) Union(parent, a, b);
            if (end[a] < end[b]) a++;
            else b++;
        }
    }

    public static int Find(int[] parent, int run)
    {
        while (parent[run] != run)
        {
            parent[run] = parent[parent[run]]; // path halving
            run = parent[run];
        }
        return run;
    }

    public static void Union(int[] parent, int a, int b)
    {
        int rootA = Find(parent, a), rootB = Find(parent, b);
        if (rootA < rootB) parent[rootB] = rootA;
        else if (rootB < rootA) parent[rootA] = rootB;
    }
}
