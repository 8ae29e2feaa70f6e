using System.Collections.Concurrent;
using System.Net;

namespace TinyUNet.Reporting.Tests.Viewer;

/// <summary>
/// The PACS as the DICOMweb proxy's HTTP client sees it: records every request that reaches it and answers with
/// <see cref="Answer"/> (by default a small JSON array), so tests can tell what the proxy let through.
/// </summary>
public sealed class FakeDicomWebServer : HttpMessageHandler
{
    public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();

    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Answer { get; set; } = (_, _) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("[]", System.Text.Encoding.UTF8, "application/dicom+json"),
        });

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return Answer(request, cancellationToken);
    }
}
