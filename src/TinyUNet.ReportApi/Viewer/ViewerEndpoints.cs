using System.Text;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace TinyUNet.ReportApi.Viewer;

/// <summary>
/// The OHIF viewer under /viewer/ (its build's files from Viewer:DistPath, index.html moved under /viewer/ and our
/// app-config.js in place of its own), GET /api/viewer (whether it is on, for the report page's links) and the
/// DICOMweb proxy under /dicom-web. All behind the API's access control like every other endpoint.
/// </summary>
public static class ViewerEndpoints
{
    /// <summary>
    /// OHIF runs inline start-up scripts, web workers from blobs and WebAssembly codecs; connect-src 'self' keeps its
    /// requests on this origin (the proxy), and nothing may frame it.
    /// </summary>
    private const string Policy = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob:; " +
        "worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self' data: blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapViewer(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        byte[] config = Encoding.UTF8.GetBytes(ViewerAppConfig.Script);
        var types = new FileExtensionContentTypeProvider();

        routes.MapGet("/api/viewer", (IOptions<ViewerOptions> options) => Results.Ok(new
        {
            enabled = options.Value.Enabled,
            // The page appends the study's UID (URL-encoded) to this.
            studyUrlPrefix = options.Value.Enabled ? ViewerAppConfig.StudyPathPrefix : null,
        }));
        routes.MapGet(ViewerAppConfig.BasePath + "/app-config.js", (HttpContext context, IOptions<ViewerOptions> options) =>
            options.Value.Enabled ? Asset(context, config, "text/javascript; charset=utf-8") : Results.NotFound());
        routes.MapGet(ViewerAppConfig.BasePath + "/{**path}", (string? path, HttpContext context, IOptions<ViewerOptions> options, ViewerFiles files) =>
        {
            if (!options.Value.Enabled) return Results.NotFound();
            // "/viewer" matches this route too: the app's relative links need the trailing slash.
            if (context.Request.Path.Value == ViewerAppConfig.BasePath) return Results.Redirect(ViewerAppConfig.BasePath + "/");
            IFileInfo file = files.Find(path ?? "");
            if (file.Exists && !file.IsDirectory && file.PhysicalPath is not null)
            {
                context.Response.Headers.ContentSecurityPolicy = Policy;
                context.Response.Headers.XContentTypeOptions = "nosniff";
                string type = types.TryGetContentType(file.Name, out string? known) ? known : "application/octet-stream";
                // The build's modification time answers If-Modified-Since, so a reload does not fetch 200 MB again.
                return files.Moved(file) is { } script
                    ? Results.Bytes(script, type, lastModified: file.LastModified)
                    : Results.File(file.PhysicalPath, type, lastModified: file.LastModified, enableRangeProcessing: true);
            }
            // The viewer's own routes (/viewer/viewer?StudyInstanceUIDs=…) are the single-page app; a missing file is 404.
            return Path.HasExtension(path) ? Results.NotFound() : Asset(context, files.Index, "text/html; charset=utf-8");
        });
        routes.MapMethods(DicomWebProxy.Root + "/{**path}", [HttpMethods.Get], (HttpContext context, DicomWebProxy proxy) => proxy.ForwardAsync(context));
        return routes;
    }

    private static IResult Asset(HttpContext context, byte[] content, string contentType)
    {
        context.Response.Headers.ContentSecurityPolicy = Policy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        // Always fresh: a new configuration or release must not meet a stale page.
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(content, contentType);
    }
}
