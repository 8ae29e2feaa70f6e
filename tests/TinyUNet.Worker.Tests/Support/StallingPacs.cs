using System.Net;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>
/// A DICOMweb front for the real Orthanc that, while <see cref="Stall"/> is on, passes on a WADO-RS answer's headers
/// and first bytes and then holds the rest back until released (or the worker hangs up): a study caught mid-retrieval,
/// with its work folder already written to, for as long as a test needs. Otherwise it passes everything on.
/// </summary>
public sealed class StallingPacs : IAsyncDisposable
{
    private const int BytesBeforeStall = 8192;
    private readonly HttpListener listener = new();
    private readonly HttpClient orthanc;
    private readonly Task serving;
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StallingPacs(string orthancDicomWebUrl, int port)
    {
        DicomWebBaseUrl = $"http://127.0.0.1:{port}/dicom-web";
        orthanc = new HttpClient { BaseAddress = new Uri(orthancDicomWebUrl.TrimEnd('/') + "/") };
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public string DicomWebBaseUrl { get; }
    public bool Stall { get; set; } = true;

    /// <summary>Completes once a stalled answer has sent its first bytes.</summary>
    public Task Stalled => Volatile.Read(ref stalled).Task;

    /// <summary>A new <see cref="Stalled"/>, completed by the next stalled answer (for a test that stalls several workers in turn).</summary>
    public void ResetStalled() => Volatile.Write(ref stalled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Lets every held-back answer finish.</summary>
    public void Release() => released.TrySetResult();

    private async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            _ = Task.Run(() => ForwardAsync(context));
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        try
        {
            string relative = context.Request.Url!.PathAndQuery["/dicom-web/".Length..];
            using var request = new HttpRequestMessage(HttpMethod.Get, relative);
            foreach (string name in new[] { "Accept", "Authorization" })
                if (context.Request.Headers[name] is { } value) request.Headers.TryAddWithoutValidation(name, value);
            using HttpResponseMessage response = await orthanc.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stopping.Token);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            context.Response.SendChunked = true;
            await using Stream body = await response.Content.ReadAsStreamAsync(stopping.Token);
            if (Stall)
            {
                byte[] first = new byte[BytesBeforeStall];
                int read = await body.ReadAtLeastAsync(first, first.Length, throwOnEndOfStream: false, stopping.Token);
                await context.Response.OutputStream.WriteAsync(first.AsMemory(0, read), stopping.Token);
                await context.Response.OutputStream.FlushAsync(stopping.Token);
                Volatile.Read(ref stalled).TrySetResult();
                await released.Task.WaitAsync(stopping.Token);
            }
            await body.CopyToAsync(context.Response.OutputStream, stopping.Token);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The worker hung up (cancelled at shutdown) or the test is over.
            try { context.Response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Close();
        await serving;
        orthanc.Dispose();
        stopping.Dispose();
    }
}
