using System.Net.Http.Headers;

namespace TinyUNet.Worker.Pacs;

/// <summary>
/// STOW-RS: sends one DICOM file to the PACS as multipart/related; type="application/dicom". Storing an instance the
/// PACS already has (same SOP Instance UID: the worker's SEG UIDs are deterministic) does not add a second object.
/// </summary>
public sealed class StowClient(HttpClient http)
{
    public async Task StoreAsync(string dicomFile, CancellationToken cancellationToken)
    {
        using var content = new MultipartContent("related", "tinyunet-" + Guid.NewGuid().ToString("N"));
        content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        await using FileStream file = File.OpenRead(dicomFile);
        var part = new StreamContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        content.Add(part);
        using HttpResponseMessage response = await http.PostAsync("studies", content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
