namespace TinyUNet.Dicom;

/// <summary>
/// An axial CT series ready for segmentation: identity, geometry and its slices sorted by position along the
/// slice normal (ascending). Spacing is in millimetres: <see cref="RowSpacing"/> between rows (PixelSpacing[0]),
/// <see cref="ColumnSpacing"/> between columns (PixelSpacing[1]), <see cref="SliceSpacing"/> from positions,
/// not SliceThickness. Pixels are read separately (see HuVolume) so a series can be inspected cheaply.
/// </summary>
public sealed record CtSeries
{
    public required string StudyInstanceUid { get; init; }
    /// <summary>The series' UID; for instances that had none, a deterministic one derived from their geometry.</summary>
    public required string SeriesInstanceUid { get; init; }
    public required string FrameOfReferenceUid { get; init; }
    public required string Modality { get; init; }
    public string? SeriesDescription { get; init; }
    public int? SeriesNumber { get; init; }
    public required int Rows { get; init; }
    public required int Columns { get; init; }
    public required double RowSpacing { get; init; }
    public required double ColumnSpacing { get; init; }
    public required double SliceSpacing { get; init; }
    /// <summary>Direction of increasing column index (first triplet of ImageOrientationPatient).</summary>
    public required Vector3 RowDirection { get; init; }
    /// <summary>Direction of increasing row index (second triplet of ImageOrientationPatient).</summary>
    public required Vector3 ColumnDirection { get; init; }
    public Vector3 SliceNormal => RowDirection.Cross(ColumnDirection).Normalized();
    public required IReadOnlyList<CtSlice> Slices { get; init; }
    public required PatientStudyAttributes PatientStudy { get; init; }
    /// <summary>Things a user should know (non-uniform spacing within tolerance, missing UIDs…); never PHI.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public double VoxelVolumeMm3 => RowSpacing * ColumnSpacing * SliceSpacing;
}
