namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>Per component: voxel count and patient-x sum, minimum and maximum (mm), in one pass over the runs.</summary>
internal sealed class ComponentStats
{
    private ComponentStats(int count)
    {
        SumX = new double[count];
        MinX = Enumerable.Repeat(double.PositiveInfinity, count).ToArray();
        MaxX = Enumerable.Repeat(double.NegativeInfinity, count).ToArray();
        VoxelCount = new long[count];
    }

    public long[] VoxelCount { get; }
    public double[] SumX { get; }
    public double[] MinX { get; }
    public double[] MaxX { get; }

    public double CentroidX(int component) => SumX[component] / VoxelCount[component];

    public static ComponentStats Compute(RunLengthMask runs, RunLengthComponents components, PatientX geometry)
    {
        var stats = new ComponentStats(components.Count);
        for (int slice = 0; slice < runs.Depth; slice++)
            for (int row = 0; row < runs.Rows; row++)
            {
                int line = runs.LineOf(slice, row);
                double origin = geometry.LineOrigin(slice, row);
                for (int run = runs.LineStart[line]; run < runs.LineStart[line + 1]; run++)
                {
                    int c = components.ComponentOfRun[run];
                    int start = runs.Start[run], n = runs.End[run] - start;
                    // x is linear along a run: the sum is n times the x of its middle, extremes are at its ends.
                    double first = origin + geometry.ColumnStep * start, last = first + geometry.ColumnStep * (n - 1);
                    stats.VoxelCount[c] += n;
                    stats.SumX[c] += n * (first + last) / 2;
                    stats.MinX[c] = Math.Min(stats.MinX[c], Math.Min(first, last));
                    stats.MaxX[c] = Math.Max(stats.MaxX[c], Math.Max(first, last));
                }
            }
        return stats;
    }
}
