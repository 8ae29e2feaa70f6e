using TinyUNet.Hosting;

namespace TinyUNet.ReportApi.Viewer;

/// <summary>
/// The PACS's DICOMweb service the viewer's proxy reads from (section Pacs, the same keys as the worker's, so one
/// environment file serves both). Only needed when the viewer is on; credentials from the environment or a secret.
/// </summary>
public sealed class ViewerPacsOptions : IValidatedOptions
{
    public const string Section = "Pacs";

    public string DicomWebBaseUrl { get; set; } = "";
    public string? Username { get; set; }
    public string? Password { get; set; }

    public Uri BaseUri => new(DicomWebBaseUrl.TrimEnd('/') + "/");

    public IEnumerable<string> Validate()
    {
        foreach (string problem in DicomWebConnectionRules.Problems(Section, DicomWebBaseUrl, Username, Password)) yield return problem;
    }
}
