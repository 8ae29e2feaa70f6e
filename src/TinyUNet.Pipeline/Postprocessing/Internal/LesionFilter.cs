using System.Buffers;
using TinyUNet.Dicom;

namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// Removes lesions outside the lung. A lesion component is a connected set (the configured connectivity) of GGO
/// and consolidation voxels taken together; it is kept when at least one of its voxels has a lung-field voxel among
/// its neighbours under the same connectivity, otherwise all its voxels become background. A lesion enclosed by lung
/// field always touches it; opacities the model puts in the heart, liver or chest wall touch no lung field.
/// </summary>
internal static class LesionFilter
{
    private static readonly SearchValues<byte> LesionValues =
        SearchValues.Create([(byte)LungClass.GroundGlassOpacity, (byte)LungClass.Consolidation]);

    /// <summary>Returns the number of voxels set to background.</summary>
    public static long RemoveLesionsOutsideLung(LabelVolume classMap, Connectivity connectivity, CancellationToken cancellationToken)
    {
        RunLengthMask runs = RunLengthMask.Extract(classMap, LesionValues, cancellationToken);
        if (runs.Count == 0) return 0;
        RunLengthComponents components = RunLengthComponents.Label(runs, connectivity, cancellationToken);

        var touchesLung = new bool[components.Count];
        for (int slice = 0; slice < runs.Depth; slice++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int row = 0; row < runs.Rows; row++)
            {
                int line = runs.LineOf(slice, row);
                for (int run = runs.LineStart[line]; run < runs.LineStart[line + 1]; run++)
                {
                    int component = components.ComponentOfRun[run];
                    if (!touchesLung[component] && TouchesLungField(classMap, runs, slice, row, run, connectivity))
                        touchesLung[component] = true;
                }
            }
        }

        long removed = 0;
        for (int line = 0; line < runs.LineCount; line++)
            for (int run = runs.LineStart[line]; run < runs.LineStart[line + 1]; run++)
            {
                if (touchesLung[components.ComponentOfRun[run]]) continue;
                runs.Fill(classMap, line, run, (byte)LungClass.Background);
                removed += runs.End[run] - runs.Start[run];
            }
        return removed;
    }

    private static bool TouchesLungField(LabelVolume map, RunLengthMask runs, int slice, int row, int run, Connectivity connectivity)
    {
        const byte lung = (byte)LungClass.LungField;
        int start = runs.Start[run], end = runs.End[run], columns = map.Columns;
        ReadOnlySpan<byte> line = map.Voxels.AsSpan(runs.LineOf(slice, row) * columns, columns);
        if ((start > 0 && line[start - 1] == lung) || (end < columns && line[end] == lung)) return true;

        bool full = connectivity == Connectivity.Full26;
        int from = full ? Math.Max(0, start - 1) : start, to = full ? Math.Min(columns, end + 1) : end;
        for (int dz = -1; dz <= 1; dz++)
            for (int dy = -1; dy <= 1; dy++)
            {
                if (dz == 0 && dy == 0) continue;
                if (!full && dz != 0 && dy != 0) continue;
                int z = slice + dz, y = row + dy;
                if (z < 0 || z >= map.Depth || y < 0 || y >= map.Rows) continue;
                if (map.Voxels.AsSpan(map.Index(from, y, z), to - from).Contains(lung)) return true;
            }
        return false;
    }
}
