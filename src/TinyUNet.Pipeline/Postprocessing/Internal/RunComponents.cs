using TinyUNet.Model.Framing;

namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// 4-connected components of a <see cref="MaskRuns"/>: runs on neighbouring rows whose columns overlap are joined with
/// the one run union–find (<see cref="RunUnionFind"/>), so a slice's floods cost its runs (a few per row) instead of its pixels.
/// </summary>
internal static class RunComponents
{
    /// <summary>
    /// Writes each run's component (0 … count − 1, in order of first run) into <paramref name="label"/>; the count.
    /// </summary>
    public static int Label(in MaskRuns runs, int[] parent, int[] label)
    {
        for (int run = 0; run < runs.Count; run++) parent[run] = run;
        for (int row = 1; row < runs.Rows; row++)
        {
            int a = runs.First(row), aEnd = runs.First(row + 1), b = runs.First(row - 1), bEnd = runs.First(row);
            while (a < aEnd && b < bEnd)
            {
                if (runs.Start(a) < runs.End(b) && runs.Start(b) < runs.End(a)) RunUnionFind.Union(parent, a, b);
                if (runs.End(a) <= runs.End(b)) a++;
                else b++;
            }
        }
        int count = 0;
        for (int run = 0; run < runs.Count; run++)
        {
            int root = RunUnionFind.Find(parent, run);
            // The root is the set's smallest run, so it is labelled before any other run of its set.
            label[run] = root == run ? count++ : label[root];
        }
        return count;
    }

    /// <summary>Pixels per component.</summary>
    public static void Sizes(in MaskRuns runs, int[] label, int count, int[] size)
    {
        Array.Clear(size, 0, count);
        for (int run = 0; run < runs.Count; run++) size[label[run]] += runs.End(run) - runs.Start(run);
    }

    /// <summary>Whether each component reaches the window's border (1) or not (0).</summary>
    public static void TouchBorder(in MaskRuns runs, int[] label, int count, int[] touches)
    {
        Array.Clear(touches, 0, count);
        for (int row = 0; row < runs.Rows; row++)
            for (int run = runs.First(row); run < runs.First(row + 1); run++)
                if (row == 0 || row == runs.Rows - 1 || runs.Start(run) == 0 || runs.End(run) == runs.Columns) touches[label[run]] = 1;
    }
}
