namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// In-plane dilation by the margin's disc, chord by chord, with the same result as the exact squared distance transform
/// (Felzenszwalb–Huttenlocher, along rows then columns) compared with radius², which the guard used before. A pixel is in
/// when a mask run on a row within reach comes within that row's half-width of it: each target row collects those
/// intervals in a count array, so a slice costs runs × chords plus one pass per row instead of a map of doubles.
/// <para>
/// The transform sums (rowMm²·dy)·dy + ((columnMm²·dx)·dx + 0) in floating point and, near a tie between two rows'
/// parabolas, may pick the one a few ulps above the minimum. That changes a pixel only when its nearest mask pixel lies
/// in a thin band just inside the radius and another one in a thin band just outside it, which needs offsets in both
/// bands: none for the usual spacings (0.5, 0.6, 0.625, 0.75, 1 mm at 15 mm have ties only on the radius itself), some
/// for others (0.8 × 1 mm at 5 mm: 25 mm² and 25 + 4·10⁻¹⁵). Then the chords decide every pixel but those in the inner
/// band, which get the transform's own column pass (<see cref="ColumnEnvelope"/>).
/// </para>
/// </summary>
internal sealed class DiscDilation
{
    private readonly double radius2, row2, column2;
    private readonly int[] outer, inner; // half-width by |dy|, −1: no chord; inner: the disc less the band
    private readonly bool banded; // offsets within rounding of the radius on both sides of it

    /// <param name="columns">Columns of the slices (no chord needs to be longer).</param>
    /// <param name="rows">Rows of the slices (no offset needs to reach farther).</param>
    public DiscDilation(double rowMm, double columnMm, double radiusMm, int columns, int rows)
    {
        (radius2, row2, column2) = (radiusMm * radiusMm, rowMm * rowMm, columnMm * columnMm);
        // Far above the transform's rounding (a few ulps of its largest sums), far below any spacing's steps.
        double band = 1e-9 * (row2 * rows * (double)rows + column2 * columns * (double)columns) + 1e-12 * radius2;
        outer = HalfWidths(radius2, columns, rows);
        inner = HalfWidths(radius2 - band, columns, rows);
        banded = !outer.AsSpan().SequenceEqual(inner) && !outer.AsSpan().SequenceEqual(HalfWidths(radius2 + band, columns, rows));
        ReachRows = Array.FindLastIndex(outer, h => h >= 0);
        ReachColumns = outer.Length > 0 ? outer[0] : -1;
    }

    /// <summary>Rows above and below a pixel that the disc reaches (−1: the disc is empty).</summary>
    public int ReachRows { get; }

    /// <summary>Columns left and right of a pixel that the disc reaches (−1: the disc is empty).</summary>
    public int ReachColumns { get; }

    /// <summary>
    /// Writes 1 into <paramref name="result"/> on every pixel within the disc of a nonzero pixel of
    /// <paramref name="mask"/> (<paramref name="complement"/>: of a zero pixel; an erosion is the complement of that),
    /// 0 elsewhere. Both are a window of the slice, row-major and <paramref name="columns"/> wide, from row
    /// <paramref name="top"/> of a slice of <paramref name="sliceRows"/> rows. Nothing beyond the slice counts; beyond
    /// the window, the mask is taken as 0, so a window narrower than the slice needs a free frame of zeros (ones with
    /// <paramref name="complement"/>) where it does not meet the slice's edge.
    /// </summary>
    public void Dilate(ReadOnlySpan<byte> mask, int columns, int rows, bool complement, Span<byte> result, SliceScratch scratch,
        int top = 0, int sliceRows = -1)
    {
        if (sliceRows < 0) sliceRows = rows;
        var runs = new MaskRuns(scratch, mask, columns, rows, complement);
        Chords(runs, outer, result, scratch.Counts);
        if (!banded || runs.Count == 0) return;
        Span<byte> sure = scratch.Masks[5].AsSpan(0, columns * rows);
        Chords(runs, inner, sure, scratch.Counts);
        var envelope = new ColumnEnvelope(scratch, row2, column2);
        for (int x = 0; x < columns; x++)
        {
            bool any = false;
            for (int y = 0; y < rows && !any; y++) any = result[y * columns + x] != sure[y * columns + x];
            if (!any) continue;
            // The transform's column pass: every row of the slice that has a mask pixel is a parabola; beyond the window
            // that is every row when the complement is dilated (nothing there is grown), none otherwise.
            envelope.Clear();
            for (int row = 0; row < sliceRows; row++)
            {
                int y = row - top;
                if (y < 0 || y >= rows) { if (complement) envelope.Add(row, 0); continue; }
                int d = runs.Nearest(y, x);
                if (d >= 0) envelope.Add(row, d);
            }
            envelope.Build();
            for (int y = 0; y < rows; y++)
            {
                int i = y * columns + x;
                if (result[i] != sure[i]) result[i] = envelope.At(y + top) <= radius2 ? (byte)1 : (byte)0;
            }
        }
    }

    private int[] HalfWidths(double limit, int columns, int rows)
    {
        var widths = new int[rows];
        for (int dy = 0; dy < rows; dy++)
        {
            double dyPart = row2 * dy * dy;
            int dx = -1;
            while (dx + 1 < columns && dyPart + (column2 * (dx + 1) * (dx + 1) + 0.0) <= limit) dx++;
            widths[dy] = dx;
        }
        return widths;
    }

    private static void Chords(MaskRuns runs, int[] halfWidth, Span<byte> result, int[] counts)
    {
        int columns = runs.Columns, rows = runs.Rows;
        int reach = Array.FindLastIndex(halfWidth, h => h >= 0);
        for (int y = 0; y < rows; y++)
        {
            Span<byte> target = result.Slice(y * columns, columns);
            Span<int> count = counts.AsSpan(0, columns + 1);
            bool any = false;
            for (int source = Math.Max(0, y - reach); source <= Math.Min(rows - 1, y + reach); source++)
            {
                int h = halfWidth[Math.Abs(source - y)];
                if (h < 0 || runs.IsEmpty(source)) continue;
                if (!any) count.Clear();
                any = true;
                for (int run = runs.First(source); run < runs.First(source + 1); run++)
                {
                    count[Math.Max(0, runs.Start(run) - h)]++;
                    count[Math.Min(columns, runs.End(run) + h)]--;
                }
            }
            if (!any)
            {
                target.Clear();
                continue;
            }
            int covered = 0;
            for (int x = 0; x < columns; x++)
            {
                covered += count[x];
                target[x] = covered > 0 ? (byte)1 : (byte)0;
            }
        }
    }
}
