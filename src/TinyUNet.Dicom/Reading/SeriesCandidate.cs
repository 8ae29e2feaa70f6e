namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Instances grouped as one series before any geometry check. <see cref="UidGenerated"/> marks a series whose
/// instances had no SeriesInstanceUID and were grouped by Frame of Reference, orientation and matrix size.
/// </summary>
public sealed record SeriesCandidate(
    string SeriesInstanceUid,
    bool UidGenerated,
    IReadOnlyList<DicomInstance> Instances,
    IReadOnlyList<string> Warnings)
{
    public DicomInstance First => Instances[0];
    public string Modality => First.Modality;
    public int InstanceCount => Instances.Count;

    public IReadOnlyList<string> TransferSyntaxUids =>
        Instances.Select(i => i.TransferSyntaxUid).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
