using TinyUNet.Dicom;

namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>
/// Clears labels on air outside the patient. A model trained on thorax-cropped slices can call the dark air around
/// the body "lung"; on a full field of view that adds litres to the lung volume. Per slice, pixels below a HU
/// threshold that reach the slice's edge through other such pixels are outside air (a flood fill from the border);
/// lungs are enclosed by the chest wall, so the fill does not enter them. Limitation: a lung cut by the field of
/// view's edge would be cleared too.
/// </summary>
public static class OutsideAirFilter
{
    /// <summary>Sets every labelled voxel on outside air to background, in place; returns how many were cleared.</summary>
    public static long Apply(LabelVolume classMap, HuVolume hu, double airBelowHu, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classMap);
        ArgumentNullException.ThrowIfNull(hu);
        if (classMap.Columns != hu.Columns || classMap.Rows != hu.Rows || classMap.Depth != hu.Depth)
            throw new ArgumentException("The class map and the HU volume must share one grid.", nameof(hu));

        long cleared = 0;
        object total = new();
        Parallel.For(0, classMap.Depth, new ParallelOptions { CancellationToken = cancellationToken }, z =>
        {
            long slice = ClearSlice(classMap.Slice(z), hu.Slices[z], classMap.Columns, classMap.Rows, (float)airBelowHu);
            lock (total) cleared += slice;
        });
        return cleared;
    }

    private static long ClearSlice(Span<byte> labels, short[] hu, int columns, int rows, float airBelow)
    {
        var outside = new bool[hu.Length];
        var stack = new Stack<int>();
        void Seed(int i)
        {
            if (!outside[i] && hu[i] < airBelow) { outside[i] = true; stack.Push(i); }
        }
        for (int x = 0; x < columns; x++) { Seed(x); Seed((rows - 1) * columns + x); }
        for (int y = 0; y < rows; y++) { Seed(y * columns); Seed(y * columns + columns - 1); }
        while (stack.Count > 0)
        {
            int i = stack.Pop(), x = i % columns, y = i / columns;
            if (x > 0) Seed(i - 1);
            if (x < columns - 1) Seed(i + 1);
            if (y > 0) Seed(i - columns);
            if (y < rows - 1) Seed(i + columns);
        }

        long cleared = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (outside[i] && labels[i] != (byte)LungClass.Background)
            {
                labels[i] = (byte)LungClass.Background;
                cleared++;
            }
        }
        return cleared;
    }
}
