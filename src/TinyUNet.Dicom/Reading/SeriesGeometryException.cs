namespace TinyUNet.Dicom.Reading;

/// <summary>
/// A series' slices do not form a regular axial-stack volume (duplicates, gaps, non-uniform spacing, tilt,
/// mixed orientation or size). <see cref="Reason"/> is meant for a user; it names UIDs and paths only.
/// </summary>
public sealed class SeriesGeometryException(string seriesInstanceUid, string reason)
    : Exception($"Series {seriesInstanceUid}: {reason}")
{
    public string SeriesInstanceUid { get; } = seriesInstanceUid;
    public string Reason { get; } = reason;
}
