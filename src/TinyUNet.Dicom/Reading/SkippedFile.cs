namespace TinyUNet.Dicom.Reading;

/// <summary>A file discovery passed over, with the typed error that says why.</summary>
public sealed record SkippedFile(string FilePath, DicomReadException Error)
{
    public string Reason => Error.Reason;
}
