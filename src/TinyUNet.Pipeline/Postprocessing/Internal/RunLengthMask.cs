using System.Buffers;
using TinyUNet.Dicom;

namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// A binary mask over a label volume as runs of consecutive columns, line by line (line = slice × Rows + row).
/// Lungs are a few runs per line, so labelling runs instead of voxels needs megabytes instead of a 4-byte label per
/// voxel, and the scans use vectorised span searches.
/// </summary>
internal sealed class RunLengthMask
{
    private RunLengthMask(int columns, int rows, int depth, int[] lineStart, int[] start, int[] end)
    {
        Columns = columns;
        Rows = rows;
        Depth = depth;
        LineStart = lineStart;
        Start = start;
        End = end;
    }

    public int Columns { get; }
    public int Rows { get; }
    public int Depth { get; }
    /// <summary>Runs of line L are indices LineStart[L] .. LineStart[L + 1] − 1.</summary>
    public int[] LineStart { get; }
    /// <summary>First column of each run.</summary>
    public int[] Start { get; }
    /// <summary>One past the last column of each run.</summary>
    public int[] End { get; }
    public int Count => LineStart[^1];
    public int LineCount => Depth * Rows;

    public static RunLengthMask Extract(LabelVolume volume, SearchValues<byte> included, CancellationToken cancellationToken)
    {
        int columns = volume.Columns;
        var lineStart = new int[volume.Depth * volume.Rows + 1];
        var starts = new List<int>();
        var ends = new List<int>();
        for (int slice = 0; slice < volume.Depth; slice++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<byte> voxels = volume.Slice(slice);
            for (int row = 0; row < volume.Rows; row++)
            {
                int line = slice * volume.Rows + row;
                lineStart[line] = starts.Count;
                ReadOnlySpan<byte> values = voxels.Slice(row * columns, columns);
                int column = 0;
                while (column < columns)
                {
                    int found = values[column..].IndexOfAny(included);
                    if (found < 0) break;
                    int start = column + found;
                    int length = values[start..].IndexOfAnyExcept(included);
                    int end = length < 0 ? columns : start + length;
                    starts.Add(start);
                    ends.Add(end);
                    column = end;
                }
            }
        }
        lineStart[^1] = starts.Count;
        return new RunLengthMask(columns, volume.Rows, volume.Depth, lineStart, [.. starts], [.. ends]);
    }

    public int LineOf(int slice, int row) => slice * Rows + row;

    /// <summary>Sets every voxel of run <paramref name="run"/> on <paramref name="line"/> to <paramref name="value"/>.</summary>
    public void Fill(LabelVolume volume, int line, int run, byte value) =>
        volume.Voxels.AsSpan(line * Columns + Start[run], End[run] - Start[run]).Fill(value);
}
