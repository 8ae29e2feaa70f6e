namespace TinyUNet.Dicom;

/// <summary>
/// One CT image of a series: where it is on disk, what it is (UIDs) and where it lies in space.
/// <see cref="PositionAlongNormal"/> is ImagePositionPatient · slice normal, the sort key of the series.
/// </summary>
public sealed record CtSlice(
    string FilePath,
    string SopInstanceUid,
    string SopClassUid,
    string TransferSyntaxUid,
    Vector3 ImagePositionPatient,
    double PositionAlongNormal,
    double RescaleSlope,
    double RescaleIntercept,
    int? InstanceNumber);
