using TinyUNet.TestSupport.Models;
using System.Text.Json;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.TestSupport;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>Synthetic chest CT series written to disk and uploaded to Orthanc over its REST API; QIDO and WADO helpers.</summary>
public static class StudyUploads
{
    public static SyntheticChestCtOptions SmallSeries(int seed) => new()
    {
        Rows = AllLungModelBundle.InputSize,
        Columns = AllLungModelBundle.InputSize,
        Slices = 12,
        RowSpacing = 5,
        ColumnSpacing = 5,
        Seed = seed,
    };

    public static SyntheticChestCtResult Write(string folder, int seed) =>
        new SyntheticChestCtGenerator().Write(folder, SmallSeries(seed));

    public static async Task UploadFolderAsync(HttpClient orthanc, string folder)
    {
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
            using HttpResponseMessage response = await orthanc.PostAsync("instances", content);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>QIDO-RS: (SeriesInstanceUID, modality) of every series of the study.</summary>
    public static async Task<IReadOnlyList<(string Uid, string Modality)>> SeriesAsync(HttpClient orthanc, string studyUid)
    {
        using HttpResponseMessage response = await orthanc.GetAsync($"dicom-web/studies/{studyUid}/series");
        response.EnsureSuccessStatusCode();
        string json = await response.Content.ReadAsStringAsync();
        if (json.Length == 0) return [];
        using JsonDocument doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(s => (Value(s, "0020000E"), Value(s, "00080060")))];
    }

    /// <summary>QIDO-RS: the SOP Instance UIDs of one series.</summary>
    public static async Task<IReadOnlyList<string>> InstancesAsync(HttpClient orthanc, string studyUid, string seriesUid)
    {
        using HttpResponseMessage response = await orthanc.GetAsync($"dicom-web/studies/{studyUid}/series/{seriesUid}/instances");
        response.EnsureSuccessStatusCode();
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. doc.RootElement.EnumerateArray().Select(i => Value(i, "00080018"))];
    }

    private static string Value(JsonElement dataset, string tag) =>
        dataset.GetProperty(tag).GetProperty("Value")[0].GetString() ?? "";
}
