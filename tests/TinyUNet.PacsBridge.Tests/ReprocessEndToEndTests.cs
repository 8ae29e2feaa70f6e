using TinyUNet.Cli.Tests;
using System.Text.Json;
using TinyUNet.Cli;
using TinyUNet.Contracts;
using TinyUNet.PacsBridge.Tests.Support;
using TinyUNet.Model.Bundles;

namespace TinyUNet.PacsBridge.Tests;

/// <summary>`reprocess` selection on runs inserted into the real PostgreSQL, and what it sends to the real broker.</summary>
[Collection(IngestStackCollection.Name)]
public sealed class ReprocessEndToEndTests(IngestStackFixture stack) : IAsyncLifetime
{
    private const string OldModel = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string Pacs = "http://pacs.example/dicom-web";
    private static readonly DateTimeOffset Night = new(2026, 3, 5, 2, 0, 0, TimeSpan.Zero);
    private readonly string currentModel = ModelBundle.ReadManifest(DefaultModel.Locate()).Weights.Sha256;
    private readonly Dictionary<string, Guid> runs = [];

    public async Task InitializeAsync()
    {
        await stack.Queue.PurgeAsync();
        var rows = new RunRows(stack.Database);
        await rows.ClearAsync();
        // Old model, dated January, from the PACS.
        runs["old"] = await rows.AddAsync("1.9.1", OldModel, Night, studyDate: new DateOnly(2026, 1, 10), dicomWeb: Pacs);
        // Already done by the current model.
        runs["current"] = await rows.AddAsync("1.9.2", currentModel, Night, studyDate: new DateOnly(2026, 1, 11), dicomWeb: Pacs);
        // Latest run failed transiently (from a folder); permanently; both after an earlier old-model success for "retried".
        runs["failed"] = await rows.AddAsync("1.9.3", currentModel, Night, status: "failed", permanent: false, path: "batch/3");
        runs["permanent"] = await rows.AddAsync("1.9.4", currentModel, Night, status: "failed", permanent: true, path: "batch/4");
        // Old model but stored before sources were recorded: selected, never sent.
        runs["nosource"] = await rows.AddAsync("1.9.5", OldModel, Night, studyDate: new DateOnly(2026, 2, 1));
        // Old model, no StudyDate: dated by its run (5 March).
        runs["undated"] = await rows.AddAsync("1.9.6", OldModel, Night, dicomWeb: Pacs);
        // Old model first, then the current one: up to date.
        await rows.AddAsync("1.9.7", OldModel, Night.AddDays(-30), studyDate: new DateOnly(2026, 1, 12), dicomWeb: Pacs);
        await rows.AddAsync("1.9.7", currentModel, Night, studyDate: new DateOnly(2026, 1, 12), dicomWeb: Pacs);
        // Old-model success, then a transient failure: outdated by its latest success and failed by its latest run.
        runs["retried"] = await rows.AddAsync("1.9.8", OldModel, Night.AddDays(-30), studyDate: new DateOnly(2026, 1, 20), dicomWeb: Pacs);
        runs["retried-failed"] = await rows.AddAsync("1.9.8", currentModel, Night, status: "failed", permanent: false, dicomWeb: Pacs);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DryRun_Default_SelectsStudiesWhoseLatestSuccessUsedAnotherModel()
    {
        JsonElement result = Run("reprocess", "--dry-run");

        Assert.Equal(["1.9.1", "1.9.8", "1.9.5", "1.9.6"], Studies(result));
        Assert.Equal(currentModel, result.GetProperty("model").GetProperty("sha256").GetString());
        Assert.Equal(1, result.GetProperty("skipped").GetInt32());
        Assert.StartsWith("skipped", Row(result, "1.9.5").GetProperty("action").GetString(), StringComparison.Ordinal);
        Assert.Equal(runs["retried"], Row(result, "1.9.8").GetProperty("runId").GetGuid());
        Assert.Equal(0, result.GetProperty("sent").GetInt32());
        // Sends are confirmed by the broker before the verb returns: anything it had sent would be queued by now.
        Assert.Equal(0u, await stack.Queue.CountAsync());
    }

    [Fact]
    public void DryRun_DateRange_UsesStudyDateElseTheRunDate()
    {
        Assert.Equal(["1.9.1", "1.9.8"], Studies(Run("reprocess", "--dry-run", "--since", "2026-01-01", "--until", "2026-01-31")));
        Assert.Equal(["1.9.6"], Studies(Run("reprocess", "--dry-run", "--since", "2026-03-01")));
        Assert.Equal(["1.9.1", "1.9.8"], Studies(Run("reprocess", "--dry-run", "--until", "2026-02-28", "--limit", "2")));
    }

    [Fact]
    public void DryRun_Failed_SelectsLatestRunFailedAndPermanentOnlyWhenAsked()
    {
        Assert.Equal(["1.9.3", "1.9.8"], Studies(Run("reprocess", "--dry-run", "--failed")).Order());
        Assert.Equal(["1.9.3", "1.9.4", "1.9.8"], Studies(Run("reprocess", "--dry-run", "--failed", "--include-permanent")).Order());
    }

    [Fact]
    public void DryRun_ModelOption_ComparesWithThatBundle()
    {
        // A bundle with weights of neither model: every study's latest success is outdated, "1.9.2" and "1.9.7" too.
        string bundle = stack.Temp.Folder($"model-{Guid.NewGuid():N}");
        File.WriteAllBytes(Path.Combine(bundle, ModelBundle.WeightsFileName), [1, 2, 3]);
        ModelManifest manifest = ModelBundle.ReadManifest(DefaultModel.Locate()) with
        {
            Weights = new WeightsInfo(ModelBundle.WeightsFileName, ModelBundle.Sha256Of(Path.Combine(bundle, ModelBundle.WeightsFileName))),
        };
        File.WriteAllText(Path.Combine(bundle, ModelBundle.ManifestFileName), JsonSerializer.Serialize(manifest, ModelBundle.JsonOptions));

        Assert.Equal(["1.9.1", "1.9.2", "1.9.7", "1.9.8", "1.9.5", "1.9.6"], Studies(Run("reprocess", "--dry-run", "--model", bundle)));
    }

    [Fact]
    public async Task Failed_Sends_WithStoredSourceAndReprocessPriority()
    {
        JsonElement result = Run("reprocess", "--failed");

        Assert.Equal(2, result.GetProperty("sent").GetInt32());
        IReadOnlyList<QueuedCommand> queued = await stack.Queue.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, queued.Count);
        QueuedCommand fromFolder = queued.Single(q => q.StudyInstanceUid == "1.9.3");
        Assert.Equal("batch/3", fromFolder.Path);
        Assert.Null(fromFolder.DicomWebBaseUrl);
        Assert.Equal(Pacs, queued.Single(q => q.StudyInstanceUid == "1.9.8").DicomWebBaseUrl);
        Assert.All(queued, q =>
        {
            Assert.Equal(StudyPriority.Reprocess, q.TransportPriority);
            Assert.Equal(StudyPriority.Reprocess, q.Priority);
            Assert.Contains(q.Reason, new[] { nameof(SegmentationReason.Reprocess), "1" });
        });
        // A repeated nightly run sends the same correlation ids (derived from the run it replaces).
        Assert.Equal(Row(result, "1.9.3").GetProperty("correlationId").GetGuid(), fromFolder.CorrelationId);
        Assert.Equal(fromFolder.CorrelationId,
            Row(Run("reprocess", "--failed", "--dry-run"), "1.9.3").GetProperty("correlationId").GetGuid());
    }

    private static JsonElement Run(params string[] args)
    {
        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("selected", stderr, StringComparison.Ordinal);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static IEnumerable<string> Studies(JsonElement result) =>
        [.. result.GetProperty("studies").EnumerateArray().Select(s => s.GetProperty("studyInstanceUid").GetString()!)];

    private static JsonElement Row(JsonElement result, string study) =>
        result.GetProperty("studies").EnumerateArray().Single(s => s.GetProperty("studyInstanceUid").GetString() == study);
}
