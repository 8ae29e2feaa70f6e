namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>
/// Finds the source slice a SEG frame belongs to: by referenced SOP Instance UID when the frame names one in the
/// series, else by plane position (dcmqi and others may reference instances we do not hold, or none at all).
/// </summary>
internal sealed class SourceSliceIndex(CtSeries source)
{
    private readonly Dictionary<string, int> _byUid = source.Slices
        .Select((s, i) => (s.SopInstanceUid, i))
        .GroupBy(x => x.SopInstanceUid, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);

    // Positions written as DS lose digits; a tenth of the smallest spacing (at most 0.1 mm) still separates slices.
    private readonly double _tolerance = Math.Min(0.1, 0.1 * Math.Min(Math.Min(source.RowSpacing, source.ColumnSpacing), source.SliceSpacing));

    public int? Find(string? referencedSopInstanceUid, Vector3? position)
    {
        if (referencedSopInstanceUid is not null && _byUid.TryGetValue(referencedSopInstanceUid, out var byUid)) return byUid;
        if (position is not { } p) return null;
        int? best = null;
        double bestDistance = double.MaxValue;
        for (int i = 0; i < source.Slices.Count; i++)
        {
            double d = (source.Slices[i].ImagePositionPatient - p).Length;
            if (d < bestDistance) (best, bestDistance) = (i, d);
        }
        return bestDistance <= _tolerance ? best : null;
    }
}
