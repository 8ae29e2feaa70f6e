namespace TinyUNet.Dicom.Reading;

/// <summary>
/// The tags discovery reads. Kept as plain numbers, not shared gdcm.Tag wrappers: a wrapper must be made and
/// disposed on the thread that uses it (GDCM rule 3), so each reader builds its own.
/// </summary>
internal static class DicomTags
{
    public static readonly (ushort Group, ushort Element) MediaStorageSopClassUid = (0x0002, 0x0002);
    public static readonly (ushort Group, ushort Element) MediaStorageSopInstanceUid = (0x0002, 0x0003);
    public static readonly (ushort Group, ushort Element) SpecificCharacterSet = (0x0008, 0x0005);
    public static readonly (ushort Group, ushort Element) ImageType = (0x0008, 0x0008);
    public static readonly (ushort Group, ushort Element) SopClassUid = (0x0008, 0x0016);
    public static readonly (ushort Group, ushort Element) SopInstanceUid = (0x0008, 0x0018);
    public static readonly (ushort Group, ushort Element) StudyDate = (0x0008, 0x0020);
    public static readonly (ushort Group, ushort Element) StudyTime = (0x0008, 0x0030);
    public static readonly (ushort Group, ushort Element) AccessionNumber = (0x0008, 0x0050);
    public static readonly (ushort Group, ushort Element) Modality = (0x0008, 0x0060);
    public static readonly (ushort Group, ushort Element) ReferringPhysicianName = (0x0008, 0x0090);
    public static readonly (ushort Group, ushort Element) StudyDescription = (0x0008, 0x1030);
    public static readonly (ushort Group, ushort Element) SeriesDescription = (0x0008, 0x103E);
    public static readonly (ushort Group, ushort Element) PatientName = (0x0010, 0x0010);
    public static readonly (ushort Group, ushort Element) PatientId = (0x0010, 0x0020);
    public static readonly (ushort Group, ushort Element) IssuerOfPatientId = (0x0010, 0x0021);
    public static readonly (ushort Group, ushort Element) PatientBirthDate = (0x0010, 0x0030);
    public static readonly (ushort Group, ushort Element) PatientSex = (0x0010, 0x0040);
    public static readonly (ushort Group, ushort Element) PatientAge = (0x0010, 0x1010);
    public static readonly (ushort Group, ushort Element) SliceThickness = (0x0018, 0x0050);
    public static readonly (ushort Group, ushort Element) SpacingBetweenSlices = (0x0018, 0x0088);
    public static readonly (ushort Group, ushort Element) StudyInstanceUid = (0x0020, 0x000D);
    public static readonly (ushort Group, ushort Element) SeriesInstanceUid = (0x0020, 0x000E);
    public static readonly (ushort Group, ushort Element) StudyId = (0x0020, 0x0010);
    public static readonly (ushort Group, ushort Element) SeriesNumber = (0x0020, 0x0011);
    public static readonly (ushort Group, ushort Element) InstanceNumber = (0x0020, 0x0013);
    public static readonly (ushort Group, ushort Element) ImagePositionPatient = (0x0020, 0x0032);
    public static readonly (ushort Group, ushort Element) ImageOrientationPatient = (0x0020, 0x0037);
    public static readonly (ushort Group, ushort Element) FrameOfReferenceUid = (0x0020, 0x0052);
    public static readonly (ushort Group, ushort Element) SamplesPerPixel = (0x0028, 0x0002);
    public static readonly (ushort Group, ushort Element) PhotometricInterpretation = (0x0028, 0x0004);
    public static readonly (ushort Group, ushort Element) NumberOfFrames = (0x0028, 0x0008);
    public static readonly (ushort Group, ushort Element) Rows = (0x0028, 0x0010);
    public static readonly (ushort Group, ushort Element) Columns = (0x0028, 0x0011);
    public static readonly (ushort Group, ushort Element) PixelSpacing = (0x0028, 0x0030);
    public static readonly (ushort Group, ushort Element) BitsAllocated = (0x0028, 0x0100);
    public static readonly (ushort Group, ushort Element) BitsStored = (0x0028, 0x0101);
    public static readonly (ushort Group, ushort Element) PixelRepresentation = (0x0028, 0x0103);
    public static readonly (ushort Group, ushort Element) RescaleIntercept = (0x0028, 0x1052);
    public static readonly (ushort Group, ushort Element) RescaleSlope = (0x0028, 0x1053);

    /// <summary>Dataset tags to read; all lie before Pixel Data, so reading stops before the pixels.</summary>
    public static readonly (ushort Group, ushort Element)[] Header =
    [
        SpecificCharacterSet, ImageType, SopClassUid, SopInstanceUid, StudyDate, StudyTime, AccessionNumber, Modality,
        ReferringPhysicianName, StudyDescription, SeriesDescription, PatientName, PatientId, IssuerOfPatientId,
        PatientBirthDate, PatientSex, PatientAge, SliceThickness, SpacingBetweenSlices, StudyInstanceUid,
        SeriesInstanceUid, StudyId, SeriesNumber, InstanceNumber, ImagePositionPatient, ImageOrientationPatient,
        FrameOfReferenceUid, SamplesPerPixel, PhotometricInterpretation, NumberOfFrames, Rows, Columns,
        PixelSpacing, BitsAllocated, BitsStored, PixelRepresentation, RescaleIntercept, RescaleSlope,
    ];
}
