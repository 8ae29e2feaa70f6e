using TinyUNet.TestSupport;

namespace TinyUNet.Reporting.Tests.Viewer;

/// <summary>
/// A stand-in for OHIF's dist folder with the parts the API moves under /viewer/ as the real build has them: an
/// index.html for the site root, a bundle whose webpack runtime names the root as public path, and a style sheet with
/// a root-relative font.
/// </summary>
public sealed class ViewerBuildFolder : IDisposable
{
    public const string Bundle = "app.bundle.0123abcd.js";
    private readonly TempFolder temp = new();

    public ViewerBuildFolder()
    {
        Path = Directory.CreateDirectory(temp.File("dist")).FullName;
        File.WriteAllText(System.IO.Path.Combine(Path, "index.html"),
            $"<!doctype html><html><head><script>window.PUBLIC_URL=\"/\"</script><link rel=\"manifest\" href=\"/manifest.json\">" +
            $"<script src=\"/app-config.js\"></script><script defer src=\"/{Bundle}\"></script><link href=\"/app.bundle.css\" rel=\"stylesheet\">" +
            "<a href=\"https://ohif.org/\">x</a></head><body><div id=\"root\"></div></body></html>");
        File.WriteAllText(System.IO.Path.Combine(Path, Bundle), "(()=>{__webpack_require__.p = \"/\";})();");
        File.WriteAllText(System.IO.Path.Combine(Path, "app.bundle.css"), "@font-face{src:url(/a1b2.woff2) format(\"woff2\")}");
        File.WriteAllText(System.IO.Path.Combine(Path, "app-config.js"), "window.config = { dataSources: [\"the build's own demo server\"] };");
        File.WriteAllBytes(System.IO.Path.Combine(Path, "codec.wasm"), [0, 0x61, 0x73, 0x6d]);
        File.WriteAllText(temp.File("secret.txt"), "outside the build");
    }

    public string Path { get; }

    public void Dispose() => temp.Dispose();
}
