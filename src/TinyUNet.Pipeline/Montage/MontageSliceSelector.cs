using TinyUNet.Dicom;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Pipeline.Montage;

/// <summary>
/// Which axial slices represent a study: those with the most lesion voxels (GGO + consolidation), kept apart by a
/// minimum gap so one lesion does not fill every tile; then, if too few slices carry lesions, evenly spaced slices with
/// lung (or with anything, when there is no lung). Returned ascending along the slice normal.
/// </summary>
public static class MontageSliceSelector
{
    public static IReadOnlyList<int> Select(LabelVolume classMap, int count)
    {
        ArgumentNullException.ThrowIfNull(classMap);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int depth = classMap.Depth;
        count = Math.Min(count, depth);
        var lesion = new long[depth];
        var lung = new long[depth];
        for (int k = 0; k < depth; k++)
        {
            ReadOnlySpan<byte> slice = classMap.Slice(k);
            long ggo = slice.Count((byte)LungClass.GroundGlassOpacity), consolidation = slice.Count((byte)LungClass.Consolidation);
            lesion[k] = ggo + consolidation;
            lung[k] = lesion[k] + slice.Count((byte)LungClass.LungField);
        }

        // Spread: about half the spacing the tiles would have if evenly spread over the volume.
        int gap = Math.Max(1, depth / (2 * count));
        var chosen = new List<int>(count);
        foreach (int k in Enumerable.Range(0, depth).Where(k => lesion[k] > 0).OrderByDescending(k => lesion[k]).ThenBy(k => k))
        {
            if (chosen.Count == count) break;
            if (chosen.TrueForAll(c => Math.Abs(c - k) >= gap)) chosen.Add(k);
        }
        if (chosen.Count < count)
        {
            int[] pool = Enumerable.Range(0, depth).Where(k => lung[k] > 0 && !chosen.Contains(k)).ToArray();
            if (pool.Length < count - chosen.Count) pool = Enumerable.Range(0, depth).Where(k => !chosen.Contains(k)).ToArray();
            int needed = count - chosen.Count;
            for (int i = 0; i < needed; i++) chosen.Add(pool[(int)((i + 0.5) * pool.Length / needed)]);
        }
        chosen.Sort();
        return chosen;
    }
}
