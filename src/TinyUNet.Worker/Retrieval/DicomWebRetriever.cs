using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.WebUtilities;

namespace TinyUNet.Worker.Retrieval;

/// <summary>
/// WADO-RS: fetches a study's (or one series') instances as multipart/related and streams each part to a file, never
/// holding a study in memory. Asks for transfer-syntax=* so the PACS sends what it stores instead of transcoding
/// (GDCM decodes the compressed syntaxes). 404 is permanent; connection errors, timeouts and 5xx are transient.
/// </summary>
public sealed class DicomWebRetriever(HttpClient http)
{
    public const string AcceptAnyTransferSyntax = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    /// <summary>Writes the instances into <paramref name="folder"/> and returns how many there were.</summary>
    public async Task<int> RetrieveAsync(string studyInstanceUid, string? seriesInstanceUid, string folder, CancellationToken cancellationToken)
    {
        string relative = seriesInstanceUid is null ? $"studies/{studyInstanceUid}" : $"studies/{studyInstanceUid}/series/{seriesInstanceUid}";
        using var request = new HttpRequestMessage(HttpMethod.Get, relative);
        request.Headers.TryAddWithoutValidation("Accept", AcceptAnyTransferSyntax);
        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new PermanentSegmentationException($"Study {studyInstanceUid} not found in the PACS.");
        response.EnsureSuccessStatusCode();

        string boundary = BoundaryOf(response.Content.Headers.ContentType);
        Directory.CreateDirectory(folder);
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var reader = new MultipartReader(boundary, body) { BodyLengthLimit = null };
        int count = 0;
        for (MultipartSection? part = await reader.ReadNextSectionAsync(cancellationToken); part is not null;
             part = await reader.ReadNextSectionAsync(cancellationToken))
        {
            string path = Path.Combine(folder, $"{count++:D6}.dcm");
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await part.Body.CopyToAsync(file, cancellationToken);
        }
        if (count == 0) throw new PermanentSegmentationException($"Study {studyInstanceUid} has no instances in the PACS.");
        return count;
    }

    private static string BoundaryOf(MediaTypeHeaderValue? contentType)
    {
        string? boundary = contentType?.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value;
        if (string.IsNullOrEmpty(boundary) || contentType?.MediaType != "multipart/related")
            throw new HttpRequestException($"WADO-RS answered '{contentType}', not multipart/related with a boundary.");
        return boundary.Trim('"');
    }
}
