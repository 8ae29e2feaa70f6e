using System.Net;
using System.Text.Json;

namespace TinyUNet.PacsBridge.Orthanc;

/// <summary>Orthanc's REST API, the three calls the bridge makes. Base address and credentials are set by DI.</summary>
internal sealed class OrthancClient(HttpClient http)
{
    public async Task<OrthancChangePage> GetChangesAsync(long since, int limit, CancellationToken cancellationToken)
    {
        using JsonDocument doc = await GetJsonAsync($"changes?since={since}&limit={limit}", cancellationToken)
            ?? throw new InvalidOperationException("Orthanc answered /changes with 404.");
        JsonElement root = doc.RootElement;
        var changes = root.GetProperty("Changes").EnumerateArray()
            .Select(c => new OrthancChange(c.GetProperty("Seq").GetInt64(), c.GetProperty("ChangeType").GetString() ?? "",
                c.GetProperty("ResourceType").GetString() ?? "", c.GetProperty("ID").GetString() ?? ""))
            .OrderBy(c => c.Seq)
            .ToList();
        return new OrthancChangePage(changes, root.GetProperty("Done").GetBoolean(), root.GetProperty("Last").GetInt64());
    }

    /// <summary>The Seq of the latest change (0 on an empty PACS).</summary>
    public async Task<long> GetLastChangeSeqAsync(CancellationToken cancellationToken)
    {
        using JsonDocument doc = await GetJsonAsync("changes?last", cancellationToken)
            ?? throw new InvalidOperationException("Orthanc answered /changes?last with 404.");
        return doc.RootElement.GetProperty("Last").GetInt64();
    }

    /// <summary>The study's StudyInstanceUID, or null when Orthanc no longer has the study (deleted since the change).</summary>
    public async Task<string?> GetStudyInstanceUidAsync(string studyId, CancellationToken cancellationToken)
    {
        using JsonDocument? doc = await GetJsonAsync($"studies/{Uri.EscapeDataString(studyId)}", cancellationToken);
        return doc is null ? null : Tag(doc.RootElement, "StudyInstanceUID");
    }

    /// <summary>The study's series (with their instance counts), or null when Orthanc no longer has the study.</summary>
    public async Task<IReadOnlyList<OrthancSeries>?> GetSeriesAsync(string studyId, CancellationToken cancellationToken)
    {
        using JsonDocument? doc = await GetJsonAsync($"studies/{Uri.EscapeDataString(studyId)}/series", cancellationToken);
        return doc?.RootElement.EnumerateArray()
            .Select(s => new OrthancSeries(s.GetProperty("ID").GetString() ?? "", Tag(s, "SeriesInstanceUID"), Tag(s, "Modality"),
                Tag(s, "BodyPartExamined"), Tag(s, "SeriesDescription"),
                s.TryGetProperty("Instances", out JsonElement instances) ? instances.GetArrayLength() : 0))
            .ToList();
    }

    private async Task<JsonDocument?> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
    }

    private static string? Tag(JsonElement resource, string name) =>
        resource.TryGetProperty("MainDicomTags", out JsonElement tags) && tags.TryGetProperty(name, out JsonElement value)
            ? value.GetString()?.Trim()
            : null;
}

/// <summary>
/// A page of /changes?since=N&amp;limit=M: changes with Seq &gt; N in order; <see cref="Done"/> when none are left;
/// <see cref="Last"/> the highest Seq Orthanc considered (used to start at the end of the feed).
/// </summary>
internal sealed record OrthancChangePage(IReadOnlyList<OrthancChange> Changes, bool Done, long Last);
