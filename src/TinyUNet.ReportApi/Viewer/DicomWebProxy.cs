using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using TinyUNet.ReportApi.Internal;

namespace TinyUNet.ReportApi.Viewer;

/// <summary>
/// The viewer's way to the PACS: GET /dicom-web/{path} is passed on to Pacs:DicomWebBaseUrl with the API's own PACS
/// credentials, after the caller passed the API's access control (reader role), so pixels are guarded exactly as the
/// numbers are and the browser never learns the PACS's address or password. Only allow-listed DICOMweb paths
/// (<see cref="DicomWebPath"/>), only GET, no redirects followed, answers capped in size and time.
/// </summary>
public sealed class DicomWebProxy(IHttpClientFactory clients, IOptions<ViewerOptions> viewer, IOptions<ViewerPacsOptions> pacs,
    ILogger<DicomWebProxy> logger)
{
    public const string ClientName = "dicomweb-proxy";
    /// <summary>The same root as Orthanc's DICOMweb plugin, so the bulk-data URIs it writes for our host land here.</summary>
    public const string Root = "/dicom-web";

    public async Task ForwardAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ViewerOptions options = viewer.Value;
        if (!options.Enabled)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        // The raw path as Kestrel decoded it (an encoded slash stays "%2F", which the grammar refuses).
        string path = context.Request.Path.Value is { } full && full.StartsWith(Root + "/", StringComparison.Ordinal)
            ? full[(Root.Length + 1)..] : "";
        if (!DicomWebPath.IsAllowed(path))
        {
            Log.DicomWebPathRefused(logger, path.Length);
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a DICOMweb resource",
                detail: "Only QIDO-RS and WADO-RS paths under the DICOMweb root are served here.").ExecuteAsync(context);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        using HttpRequestMessage request = BuildRequest(context, path);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            bool timedOut = e is OperationCanceledException;
            Log.DicomWebUpstreamFailed(logger, timedOut, e.GetType().Name);
            await Results.Problem(statusCode: timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
                title: timedOut ? "The PACS did not answer in time" : "The PACS could not be reached").ExecuteAsync(context);
            return;
        }
        using (response)
        {
            if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
            {
                Log.DicomWebAnswerTooLarge(logger, response.Content.Headers.ContentLength.Value, options.MaxResponseBytes);
                await Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The PACS's answer is too large",
                    detail: $"More than {options.MaxResponseBytes} bytes (Viewer:MaxResponseBytes).").ExecuteAsync(context);
                return;
            }
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type) context.Response.ContentType = type.ToString();
            if (response.Content.Headers.ContentLength is { } length) context.Response.ContentLength = length;
            // Patient images: kept in the viewer's memory, never in the browser's disk cache.
            context.Response.Headers.CacheControl = "private, no-store";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await CopyCappedAsync(response, context, options, timeout.Token);
        }
    }

    private HttpRequestMessage BuildRequest(HttpContext context, string path)
    {
        ViewerPacsOptions settings = pacs.Value;
        // path is allow-listed (fixed words, UIDs, numbers), so the target stays under the DICOMweb root; the query is
        // QIDO's search keys, which cannot change the path.
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(settings.BaseUri, path + context.Request.QueryString.Value));
        foreach (string? accept in context.Request.Headers.Accept)
            if (!string.IsNullOrEmpty(accept)) request.Headers.TryAddWithoutValidation("Accept", accept);
        // Orthanc writes absolute bulk-data URIs from this (RFC 7239): they then point back at this proxy, not the PACS.
        request.Headers.TryAddWithoutValidation("Forwarded", $"proto={context.Request.Scheme};host=\"{context.Request.Host.Value}\"");
        if (!string.IsNullOrEmpty(settings.Username))
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}")));
        return request;
    }

    /// <summary>Streams the body; an answer that grows past the cap or the time limit (no length announced) is cut off.</summary>
    private async Task CopyCappedAsync(HttpResponseMessage response, HttpContext context, ViewerOptions options, CancellationToken cancellationToken)
    {
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
        byte[] buffer = new byte[81920];
        long total = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > options.MaxResponseBytes)
                {
                    Log.DicomWebAnswerTooLarge(logger, total, options.MaxResponseBytes);
                    context.Abort();
                    return;
                }
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            Log.DicomWebUpstreamFailed(logger, true, nameof(OperationCanceledException));
            context.Abort();
        }
    }
}
