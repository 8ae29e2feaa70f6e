using System.Text;
using System.Text.RegularExpressions;

namespace TinyUNet.ReportApi.Viewer;

/// <summary>
/// OHIF's index.html moved under /viewer/: the build is made for the site root (window.PUBLIC_URL "/", root-relative
/// script, style and icon links), and the webpack bundles load their chunks, workers and codecs from PUBLIC_URL.
/// </summary>
public static partial class ViewerIndexPage
{
    public static byte[] Rewrite(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        string moved = RootRelativeLink().Replace(html, $"$1=\"{ViewerAppConfig.BasePath}/");
        moved = PublicUrl().Replace(moved, $"window.PUBLIC_URL=\"{ViewerAppConfig.BasePath}/\"");
        return Encoding.UTF8.GetBytes(moved);
    }

    [GeneratedRegex("\\b(href|src)=\"/(?!/)", RegexOptions.CultureInvariant)]
    private static partial Regex RootRelativeLink();

    [GeneratedRegex("window\\.PUBLIC_URL\\s*=\\s*\"/\"", RegexOptions.CultureInvariant)]
    private static partial Regex PublicUrl();
}
