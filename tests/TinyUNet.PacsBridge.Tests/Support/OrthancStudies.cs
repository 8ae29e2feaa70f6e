using System.Net.Http.Json;
using System.Text.Json;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.TestSupport;

namespace TinyUNet.PacsBridge.Tests.Support;

/// <summary>Studies put into the test Orthanc over its REST API, and the change feed read back.</summary>
public static class OrthancStudies
{
    /// <summary>Writes a small synthetic CT study and uploads it; returns (StudyInstanceUID, Orthanc study id).</summary>
    public static async Task<(string StudyUid, string OrthancId)> UploadCtAsync(HttpClient orthanc, string folder, int seed)
    {
        SyntheticChestCtResult written = new SyntheticChestCtGenerator().Write(folder, EnqueueEndToEndTests.SmallCt(seed));
        string? orthancId = null;
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
            using HttpResponseMessage response = await orthanc.PostAsync("instances", content);
            response.EnsureSuccessStatusCode();
            using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            orthancId = doc.RootElement.GetProperty("ParentStudy").GetString();
        }
        return (written.Series.StudyInstanceUid, orthancId!);
    }

    /// <summary>A one-instance study of another modality (Orthanc makes the UIDs); returns (StudyInstanceUID, Orthanc id).</summary>
    public static async Task<(string StudyUid, string OrthancId)> CreateAsync(HttpClient orthanc, string modality)
    {
        // A dictionary, not an anonymous object: the web JSON defaults would send "tags", which Orthanc refuses.
        using HttpResponseMessage created = await orthanc.PostAsJsonAsync("tools/create-dicom", new Dictionary<string, object>
        {
            ["Tags"] = new Dictionary<string, string>
            {
                ["PatientName"] = "SYNTHETIC^NOTAPATIENT",
                ["PatientID"] = "SYNTHETIC-" + modality,
                ["Modality"] = modality,
                ["SeriesDescription"] = "synthetic " + modality,
            },
        });
        created.EnsureSuccessStatusCode();
        using JsonDocument doc = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string instance = doc.RootElement.GetProperty("ID").GetString()!;
        using JsonDocument study = JsonDocument.Parse(await orthanc.GetStringAsync($"instances/{instance}/study"));
        return (study.RootElement.GetProperty("MainDicomTags").GetProperty("StudyInstanceUID").GetString()!,
            study.RootElement.GetProperty("ID").GetString()!);
    }

    /// <summary>
    /// Creates one instance under an existing study or series (Orthanc's id; Orthanc makes the UIDs, the parent's tags are
    /// inherited). Returns the new instance's parent series id.
    /// </summary>
    public static async Task<string> AddInstanceAsync(HttpClient orthanc, string parentOrthancId, Dictionary<string, string> tags)
    {
        using HttpResponseMessage created = await orthanc.PostAsJsonAsync("tools/create-dicom", new Dictionary<string, object>
        {
            ["Parent"] = parentOrthancId,
            ["Tags"] = tags,
        });
        created.EnsureSuccessStatusCode();
        using JsonDocument doc = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string instance = doc.RootElement.GetProperty("ID").GetString()!;
        using JsonDocument series = JsonDocument.Parse(await orthanc.GetStringAsync($"instances/{instance}/series"));
        return series.RootElement.GetProperty("ID").GetString()!;
    }

    /// <summary>The Orthanc ids of the study's series.</summary>
    public static async Task<IReadOnlyList<string>> SeriesIdsAsync(HttpClient orthanc, string orthancStudyId)
    {
        using JsonDocument doc = JsonDocument.Parse(await orthanc.GetStringAsync($"studies/{orthancStudyId}"));
        return [.. doc.RootElement.GetProperty("Series").EnumerateArray().Select(s => s.GetString()!)];
    }

    /// <summary>Waits until Orthanc has declared the study stable after change <paramref name="after"/>; returns that change's Seq.</summary>
    public static async Task<long> WaitForStableAsync(HttpClient orthanc, string orthancStudyId, TimeSpan timeout, long after = 0)
    {
        long seq = 0;
        await Poll.UntilAsync(async () =>
        {
            using JsonDocument doc = JsonDocument.Parse(await orthanc.GetStringAsync($"changes?since={after}&limit=10000"));
            foreach (JsonElement change in doc.RootElement.GetProperty("Changes").EnumerateArray())
            {
                if (change.GetProperty("ChangeType").GetString() != "StableStudy" || change.GetProperty("ID").GetString() != orthancStudyId) continue;
                seq = change.GetProperty("Seq").GetInt64();
                return true;
            }
            return false;
        }, timeout, $"Orthanc declared study {orthancStudyId} stable");
        return seq;
    }
}
