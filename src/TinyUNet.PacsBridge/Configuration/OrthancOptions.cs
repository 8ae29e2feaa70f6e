using TinyUNet.Hosting;

namespace TinyUNet.PacsBridge.Configuration;

/// <summary>
/// The PACS, under the worker's section and keys (Pacs__DicomWebBaseUrl, Pacs__Username, Pacs__Password). The change feed
/// is Orthanc's REST API, by default the DICOMweb URL without its trailing "/dicom-web" (set
/// <see cref="RestBaseUrl"/> where it differs); commands name <see cref="DicomWebBaseUrl"/> as the study's source,
/// the one URL the worker accepts.
/// </summary>
public sealed class OrthancOptions : IValidatedOptions
{
    public const string Section = "Pacs";
    private const string DicomWebSuffix = "/dicom-web";

    public string DicomWebBaseUrl { get; set; } = "";
    public string? RestBaseUrl { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Orthanc's REST root, always ending in '/' so relative paths resolve below it.</summary>
    public Uri RestUri
    {
        get
        {
            string root = !string.IsNullOrWhiteSpace(RestBaseUrl) ? RestBaseUrl.TrimEnd('/')
                : DicomWebBaseUrl.TrimEnd('/') is var url && url.EndsWith(DicomWebSuffix, StringComparison.OrdinalIgnoreCase)
                    ? url[..^DicomWebSuffix.Length]
                    : url;
            return new Uri(root + "/");
        }
    }

    public IEnumerable<string> Validate()
    {
        if (!IsHttpUrl(DicomWebBaseUrl)) yield return $"{Section}:DicomWebBaseUrl must be an absolute http(s) URL.";
        if (!string.IsNullOrWhiteSpace(RestBaseUrl) && !IsHttpUrl(RestBaseUrl)) yield return $"{Section}:RestBaseUrl must be an absolute http(s) URL.";
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password)) yield return $"{Section}:Username and {Section}:Password go together.";
        if (TimeoutSeconds is < 1 or > 3600) yield return $"{Section}:TimeoutSeconds must be 1–3600.";
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https";
}
