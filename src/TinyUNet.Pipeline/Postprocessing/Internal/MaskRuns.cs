namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>The runs of nonzero pixels (of zero pixels for a complement) of a row-major window, row by row, in scratch buffers.</summary>
internal readonly ref struct MaskRuns
{
    private readonly int[] start, end, lineStart, row;

    public MaskRuns(SliceScratch scratch, ReadOnlySpan<byte> mask, int columns, int rows, bool complement)
    {
        (start, end, lineStart, row, Columns, Rows) = (scratch.RunStart, scratch.RunEnd, scratch.LineStart, scratch.RunRow, columns, rows);
        int count = 0;
        for (int y = 0; y < rows; y++)
        {
            lineStart[y] = count;
            ReadOnlySpan<byte> line = mask.Slice(y * columns, columns);
            for (int x = 0; x < columns;)
            {
                int found = complement ? line[x..].IndexOf((byte)0) : line[x..].IndexOfAnyExcept((byte)0);
                if (found < 0) break;
                int first = x + found;
                int length = complement ? line[first..].IndexOfAnyExcept((byte)0) : line[first..].IndexOf((byte)0);
                x = length < 0 ? columns : first + length;
                (start[count], end[count], row[count]) = (first, x, y);
                count++;
            }
        }
        lineStart[rows] = count;
        Count = count;
    }

    public int Columns { get; }
    public int Rows { get; }
    public int Count { get; }

    public int First(int row) => lineStart[row];
    public bool IsEmpty(int row) => lineStart[row] == lineStart[row + 1];
    public int Start(int run) => start[run];
    /// <summary>One past the run's last column.</summary>
    public int End(int run) => end[run];

    public int Row(int run) => row[run];

    /// <summary>Columns from <paramref name="x"/> to the nearest run pixel of the row; −1 when the row has none.</summary>
    public int Nearest(int row, int x)
    {
        int best = -1;
        for (int run = lineStart[row]; run < lineStart[row + 1]; run++)
        {
            int d = x < start[run] ? start[run] - x : x >= end[run] ? x - end[run] + 1 : 0;
            if (best < 0 || d < best) best = d;
        }
        return best;
    }
}
