using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TinyUNet.Cli;
using TinyUNet.TestSupport;

namespace TinyUNet.Reporting.Tests.Viewer;

/// <summary>
/// The demo's study, made the demo's way: the bundled real COVID-19 sample written as a DICOM CT series
/// (`sample-ct`), segmented by the bundled model (`segment`: our SEG writer's real output), and both stored in the
/// test stack's Orthanc. About two minutes of CPU inference on 2 cores.
/// </summary>
public sealed record SampleStudyInPacs(string StudyInstanceUid, string SegPath)
{
    public static async Task<SampleStudyInPacs> StoreAsync(LocalStack stack, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        string ct = Path.Combine(folder, "ct"), output = Path.Combine(folder, "out");
        Run("sample-ct", "--out", ct, "--seed", "22");
        Run("segment", "--series", ct, "--out", output, "--device", "cpu");
        string seg = Directory.GetFiles(output, "*.seg.dcm").Single();

        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        string user = stack.Settings["Pacs__Username"], password = stack.Settings["Pacs__Password"];
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        string rest = stack.DicomWebBaseUrl[..^"/dicom-web".Length];
        string? study = null;
        foreach (string file in Directory.GetFiles(ct, "*.dcm").Append(seg))
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file, cancellationToken));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            using HttpResponseMessage response = await client.PostAsync(new Uri(rest + "/instances"), content, cancellationToken);
            response.EnsureSuccessStatusCode();
            if (study is null)
            {
                using JsonDocument stored = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                string orthancStudy = stored.RootElement.GetProperty("ParentStudy").GetString()!;
                using JsonDocument tags = JsonDocument.Parse(await client.GetStringAsync(new Uri($"{rest}/studies/{orthancStudy}"), cancellationToken));
                study = tags.RootElement.GetProperty("MainDicomTags").GetProperty("StudyInstanceUID").GetString();
            }
        }
        return new SampleStudyInPacs(study!, seg);
    }

    private static void Run(params string[] args)
    {
        int code = CliApplication.Build().Run(args);
        Assert.True(code == 0, $"tinyunet {string.Join(' ', args)} exited {code}");
    }
}
