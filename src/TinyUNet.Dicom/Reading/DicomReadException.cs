namespace TinyUNet.Dicom.Reading;

/// <summary>
/// A file could not be read or decoded. Carries the path so callers can report which file failed while the
/// others are still processed. Messages hold paths and UIDs only, never patient attributes.
/// </summary>
public class DicomReadException : Exception
{
    public DicomReadException(string filePath, string reason, Exception? inner = null)
        : base($"{reason} ({filePath})", inner)
    {
        FilePath = filePath;
        Reason = reason;
    }

    public string FilePath { get; }

    /// <summary>The reason without the path, for reports that list the path separately.</summary>
    public string Reason { get; }
}
