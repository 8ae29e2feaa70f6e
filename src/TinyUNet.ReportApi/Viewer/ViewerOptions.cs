using TinyUNet.Hosting;

namespace TinyUNet.ReportApi.Viewer;

/// <summary>
/// The OHIF viewer served under /viewer/ (section Viewer) and the caps of its DICOMweb proxy. The viewer is on when
/// both <see cref="DistPath"/> and the PACS (Pacs:DicomWebBaseUrl) are set; otherwise there is no viewer, no proxy and
/// no "Open in viewer" link (so an image that ships the viewer runs an API without a PACS address as before).
/// </summary>
public sealed class ViewerOptions : IValidatedOptions
{
    public const string Section = "Viewer";

    /// <summary>The OHIF build's dist folder (deploy/viewer/node_modules/@ohif/app/dist after npm ci; the image's copy).</summary>
    public string DistPath { get; set; } = "";
    /// <summary>
    /// The largest PACS answer passed on. A CT slice is about 0.5 MB and our SEG a few MB; far larger means a request
    /// for a whole study at once, which the viewer never makes and which would tie up the API.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 256L * 1024 * 1024;
    /// <summary>How long one proxied request may take, headers and body together.</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Whether Pacs:DicomWebBaseUrl is set (filled in from <see cref="ViewerPacsOptions"/> when bound).</summary>
    internal bool HasPacs { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(DistPath) && HasPacs;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(DistPath)) yield break;
        if (!Path.IsPathFullyQualified(DistPath)) yield return $"{Section}:DistPath must be an absolute path (or empty: no viewer).";
        else if (!File.Exists(Path.Combine(DistPath, "index.html")))
            yield return $"{Section}:DistPath has no index.html: install the viewer (scripts/prerequisites.sh, npm ci in deploy/viewer).";
        if (MaxResponseBytes < 1024 * 1024) yield return $"{Section}:MaxResponseBytes must be at least 1 MiB.";
        if (TimeoutSeconds is < 1 or > 3600) yield return $"{Section}:TimeoutSeconds must be between 1 and 3600.";
    }
}
