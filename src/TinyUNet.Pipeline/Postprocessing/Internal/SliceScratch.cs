namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// Reusable per-thread buffers for the guard's per-slice steps: a 300-slice study would otherwise allocate a few
/// megabytes per slice and step (masks, runs, labels, distance maps), gigabytes in all. Callers clear what they use.
/// </summary>
internal sealed class SliceScratch
{
    public SliceScratch(int columns, int rows)
    {
        // A row holds at most one run per two columns, and a slice no more components than runs.
        int length = columns * rows, framed = (columns + 2) * (rows + 2), runs = rows * ((columns + 1) / 2) + 1;
        Stack = new int[framed];
        Pixels = new int[runs];
        Masks = [.. Enumerable.Range(0, 6).Select(_ => new byte[length])];
        Framed = new byte[framed];
        RunStart = new int[runs];
        RunEnd = new int[runs];
        LineStart = new int[rows + 1];
        Counts = new int[columns + 1];
        RowMin = new int[rows];
        RowMax = new int[rows];
        RunRow = new int[runs];
        RunParent = new int[runs];
        RunLabel = new int[runs];
        ComponentA = new int[runs];
        ComponentB = new int[runs];
        ComponentC = new int[runs + 1];
        EnvelopeAt = new int[rows];
        EnvelopeV = new int[rows];
        EnvelopeF = new double[rows];
        EnvelopeZ = new double[rows + 1];
    }

    /// <summary>Flood-fill stack of pixel indices of <see cref="Framed"/>.</summary>
    public int[] Stack { get; }
    /// <summary>Run indices grouped by component.</summary>
    public int[] Pixels { get; }
    /// <summary>Six masks of one slice each.</summary>
    public byte[][] Masks { get; }
    /// <summary>A slice with a free frame of one pixel around it.</summary>
    public byte[] Framed { get; }
    /// <summary>Runs of a mask, line by line (<see cref="DiscDilation"/>).</summary>
    public int[] RunStart { get; }
    public int[] RunEnd { get; }
    public int[] RunRow { get; }
    public int[] LineStart { get; }
    /// <summary>Union–find parents and component labels of runs (<see cref="RunComponents"/>).</summary>
    public int[] RunParent { get; }
    public int[] RunLabel { get; }
    /// <summary>Per component values (sizes, border flags, counts).</summary>
    public int[] ComponentA { get; }
    public int[] ComponentB { get; }
    public int[] ComponentC { get; }
    /// <summary>Per column of one row: how many intervals cover it (<see cref="DiscDilation"/>).</summary>
    public int[] Counts { get; }
    public int[] RowMin { get; }
    public int[] RowMax { get; }
    /// <summary>One column's parabolas (<see cref="ColumnEnvelope"/>): rows, values, envelope and bounds.</summary>
    public int[] EnvelopeAt { get; }
    public int[] EnvelopeV { get; }
    public double[] EnvelopeF { get; }
    public double[] EnvelopeZ { get; }
}
