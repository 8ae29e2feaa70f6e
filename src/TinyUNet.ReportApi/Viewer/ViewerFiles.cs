using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace TinyUNet.ReportApi.Viewer;

/// <summary>
/// The OHIF build's files, read only through a PhysicalFileProvider rooted at Viewer:DistPath (which refuses paths
/// that leave it). The build is made for the site root, so what names the root is moved under /viewer/ once, in
/// memory: index.html (<see cref="ViewerIndexPage"/>), the bundles whose webpack runtime hard-codes the public path
/// "/" for the chunks, workers and codecs they load, and the style sheets' font URLs. Our app-config.js replaces the build's own.
/// </summary>
public sealed class ViewerFiles : IDisposable
{
    private const string RootPublicPath = "__webpack_require__.p = \"/\";";
    private static readonly string MovedPublicPath = $"__webpack_require__.p = \"{ViewerAppConfig.BasePath}/\";";

    private readonly Lazy<PhysicalFileProvider> provider;
    private readonly Lazy<byte[]> index;
    /// <summary>Per served .js file: its moved content, or null where it names no public path (served from disk).</summary>
    private readonly ConcurrentDictionary<string, byte[]?> moved = new(StringComparer.Ordinal);

    public ViewerFiles(IOptions<ViewerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        provider = new(() => new PhysicalFileProvider(Path.GetFullPath(options.Value.DistPath)));
        index = new(() => ViewerIndexPage.Rewrite(File.ReadAllText(Path.Combine(options.Value.DistPath, "index.html"))));
    }

    public byte[] Index => index.Value;

    /// <summary>The file at <paramref name="path"/> under the build; index.html and app-config.js are never served raw.</summary>
    public IFileInfo Find(string path) =>
        path is "" or "index.html" or "app-config.js" ? new NotFoundFileInfo(path) : provider.Value.GetFileInfo(path);

    /// <summary>
    /// A script's or style sheet's content with what names the root moved under /viewer/ (a script's public path, a
    /// style's url(/…) of fonts), or null when it names none (then it is served from disk as it is).
    /// </summary>
    public byte[]? Moved(IFileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.PhysicalPath is null || !(file.Name.EndsWith(".js", StringComparison.Ordinal) || file.Name.EndsWith(".css", StringComparison.Ordinal)))
            return null;
        return moved.GetOrAdd(file.PhysicalPath, static path =>
        {
            string text = File.ReadAllText(path);
            string result = path.EndsWith(".css", StringComparison.Ordinal)
                ? text.Replace("url(/", $"url({ViewerAppConfig.BasePath}/", StringComparison.Ordinal)
                : text.Replace(RootPublicPath, MovedPublicPath, StringComparison.Ordinal);
            return ReferenceEquals(result, text) || result == text ? null : Encoding.UTF8.GetBytes(result);
        });
    }

    public void Dispose()
    {
        if (provider.IsValueCreated) provider.Value.Dispose();
    }
}
