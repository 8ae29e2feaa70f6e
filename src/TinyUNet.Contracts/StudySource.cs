namespace TinyUNet.Contracts;

/// <summary>
/// Where the study's instances are: exactly one of a DICOMweb (WADO-RS) base URL, e.g. http://pacs/dicom-web, or a
/// folder path relative to (or absolute inside) one of the worker's configured source roots.
/// </summary>
public sealed record StudySource
{
    public string? DicomWebBaseUrl { get; init; }
    public string? Path { get; init; }

    public static StudySource DicomWeb(string baseUrl) => new() { DicomWebBaseUrl = baseUrl };

    public static StudySource Folder(string path) => new() { Path = path };
}
