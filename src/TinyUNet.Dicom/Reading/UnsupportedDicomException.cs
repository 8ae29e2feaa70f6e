namespace TinyUNet.Dicom.Reading;

/// <summary>
/// A readable DICOM file this reader deliberately refuses (Enhanced/multi-frame CT, colour images): a permanent
/// failure, distinct from a broken file.
/// </summary>
public sealed class UnsupportedDicomException(string filePath, string reason) : DicomReadException(filePath, reason);
