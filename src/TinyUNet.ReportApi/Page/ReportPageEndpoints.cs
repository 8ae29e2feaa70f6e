using System.Reflection;

namespace TinyUNet.ReportApi.Page;

/// <summary>
/// The report page: "/" (HTML) and its script and style under /page/, embedded in this assembly so the page ships
/// with the API and needs nothing from outside (no CDN, no web root). A strict Content-Security-Policy allows only
/// this origin's script, style and images.
/// </summary>
public static class ReportPageEndpoints
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly (string Path, string Resource, string ContentType)[] Assets =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/page/report.js", "report.js", "text/javascript; charset=utf-8"),
        ("/page/report.css", "report.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapReportPage(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        foreach (var (path, resource, contentType) in Assets)
        {
            byte[] content = Load(resource);
            routes.MapGet(path, (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = Policy;
                context.Response.Headers.XContentTypeOptions = "nosniff";
                // Always fresh: a new release's page must not run against a stale script.
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(content, contentType);
            });
        }
        return routes;
    }

    private static byte[] Load(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("TinyUNet.ReportApi.Page." + name)
            ?? throw new InvalidOperationException($"The page asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
