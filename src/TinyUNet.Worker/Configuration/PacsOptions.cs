using TinyUNet.Hosting;

namespace TinyUNet.Worker.Configuration;

/// <summary>
/// The PACS's DICOMweb service: studies are fetched from it (WADO-RS) and, when <see cref="StoreSegmentations"/>,
/// SEGs are sent to it (STOW-RS). Messages may only name this base URL: the worker never fetches from a URL a
/// message makes up. Empty base URL: no PACS (folder sources only, SEGs only in the output store).
/// </summary>
public sealed class PacsOptions : IValidatedOptions
{
    public const string Section = "Pacs";

    public string? DicomWebBaseUrl { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public bool StoreSegmentations { get; set; } = true;
    public int TimeoutSeconds { get; set; } = 300;

    public Uri? BaseUri => string.IsNullOrWhiteSpace(DicomWebBaseUrl) ? null : new Uri(DicomWebBaseUrl.TrimEnd('/') + "/");

    public IEnumerable<string> Validate()
    {
        foreach (string problem in DicomWebConnectionRules.Problems(Section, DicomWebBaseUrl, Username, Password)) yield return problem;
        if (TimeoutSeconds < 1) yield return $"{Section}:TimeoutSeconds must be positive.";
    }
}
