using TinyUNet.Model.Framing;

namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// 3-D connected components of a <see cref="RunLengthMask"/>: runs on neighbouring lines that touch are joined with a
/// union–find; each run gets a component id 0..Count−1 (in order of first appearance) and each component its size.
/// </summary>
internal sealed class RunLengthComponents
{
    private RunLengthComponents(int[] componentOfRun, long[] voxelCount)
    {
        ComponentOfRun = componentOfRun;
        VoxelCount = voxelCount;
    }

    public int[] ComponentOfRun { get; }
    public long[] VoxelCount { get; }
    public int Count => VoxelCount.Length;

    public static RunLengthComponents Label(RunLengthMask runs, Connectivity connectivity, CancellationToken cancellationToken)
    {
        var parent = new int[runs.Count];
        for (int i = 0; i < parent.Length; i++) parent[i] = i;

        // Only lines already visited are joined (previous row, previous slice), which covers every neighbour pair once.
        // In-line neighbours never need joining: touching columns already form one run.
        bool full = connectivity == Connectivity.Full26;
        int slack = full ? 1 : 0;
        for (int slice = 0; slice < runs.Depth; slice++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int row = 0; row < runs.Rows; row++)
            {
                int line = runs.LineOf(slice, row);
                if (runs.LineStart[line] == runs.LineStart[line + 1]) continue;
                if (row > 0) Join(runs, parent, line, runs.LineOf(slice, row - 1), slack);
                if (slice == 0) continue;
                Join(runs, parent, line, runs.LineOf(slice - 1, row), slack);
                if (!full) continue;
                if (row > 0) Join(runs, parent, line, runs.LineOf(slice - 1, row - 1), slack);
                if (row < runs.Rows - 1) Join(runs, parent, line, runs.LineOf(slice - 1, row + 1), slack);
            }
        }

        // Roots are the smallest run index of their set, so a root is always met before its other runs.
        var componentOfRun = new int[runs.Count];
        var counts = new List<long>();
        for (int run = 0; run < runs.Count; run++)
        {
            int root = RunUnionFind.Find(parent, run);
            int component = root == run ? counts.Count : componentOfRun[root];
            if (root == run) counts.Add(0);
            componentOfRun[run] = component;
            counts[component] += runs.End[run] - runs.Start[run];
        }
        return new RunLengthComponents(componentOfRun, [.. counts]);
    }

    /// <summary>Two sorted run lists are walked together; runs overlap when their column ranges meet within slack.</summary>
    private static void Join(RunLengthMask runs, int[] parent, int lineA, int lineB, int slack) =>
        RunUnionFind.JoinTouching(parent, runs.Start, runs.End, runs.LineStart[lineA], runs.LineStart[lineA + 1],
            runs.LineStart[lineB], runs.LineStart[lineB + 1], slack);
}
