namespace TinyUNet.Dicom.Reading;

/// <summary>
/// The header of one DICOM file as discovery read it (no pixel data). UIDs are the dataset's values, padding
/// trimmed, empty when missing; SOP UIDs fall back to the file meta group (see <see cref="SopUidsFromFileMeta"/>).
/// Holds PHI only inside <see cref="PatientStudy"/>, whose ToString prints the study UID alone.
/// </summary>
public sealed record DicomInstance
{
    public required string FilePath { get; init; }
    public required string TransferSyntaxUid { get; init; }
    public required string SopClassUid { get; init; }
    public required string SopInstanceUid { get; init; }
    /// <summary>True when the dataset's SOP Class/Instance UID was empty and the file meta value was used.</summary>
    public bool SopUidsFromFileMeta { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public required string FrameOfReferenceUid { get; init; }
    public required string Modality { get; init; }
    public IReadOnlyList<string> ImageType { get; init; } = [];
    public string? SeriesDescription { get; init; }
    public int? SeriesNumber { get; init; }
    public int? InstanceNumber { get; init; }
    public Vector3? ImagePositionPatient { get; init; }
    /// <summary>First triplet of ImageOrientationPatient (direction of increasing column index).</summary>
    public Vector3? RowDirection { get; init; }
    /// <summary>Second triplet of ImageOrientationPatient (direction of increasing row index).</summary>
    public Vector3? ColumnDirection { get; init; }
    /// <summary>PixelSpacing[0]: distance between rows, mm.</summary>
    public double? RowSpacing { get; init; }
    /// <summary>PixelSpacing[1]: distance between columns, mm.</summary>
    public double? ColumnSpacing { get; init; }
    public double? SliceThickness { get; init; }
    public double? SpacingBetweenSlices { get; init; }
    public int Rows { get; init; }
    public int Columns { get; init; }
    public int SamplesPerPixel { get; init; } = 1;
    public string? PhotometricInterpretation { get; init; }
    public int BitsAllocated { get; init; }
    public int BitsStored { get; init; }
    public int PixelRepresentation { get; init; }
    public int NumberOfFrames { get; init; } = 1;
    public double RescaleSlope { get; init; } = 1;
    public double RescaleIntercept { get; init; }
    public required PatientStudyAttributes PatientStudy { get; init; }

    public bool IsOriginalPrimary =>
        ImageType.Count >= 2 && ImageType[0] == "ORIGINAL" && ImageType[1] == "PRIMARY";
}
