using TinyUNet.Cli.Tests;
using System.Text.Json;
using TinyUNet.Contracts;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.PacsBridge.Tests.Support;
using TinyUNet.TestSupport;

namespace TinyUNet.PacsBridge.Tests;

/// <summary>`enqueue` against the real broker: what lands on "segment-study", with which AMQP priority, and bad input.</summary>
[Collection(IngestStackCollection.Name)]
public sealed class EnqueueEndToEndTests(IngestStackFixture stack) : IAsyncLifetime
{
    private const string Pacs = "http://pacs.example/dicom-web";

    public Task InitializeAsync() => stack.Queue.PurgeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Enqueue_OneStudy_QueuedWithManualPriorityAsTransportPriority()
    {
        var (code, stdout, stderr) = CliRunner.Run("enqueue", "--study", "1.2.826.0.1.3680043.10.1", "--series", "1.2.826.0.1.3680043.10.2",
            "--dicomweb", Pacs);

        Assert.True(code == 0, stderr);
        QueuedCommand queued = Assert.Single(await stack.Queue.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal("1.2.826.0.1.3680043.10.1", queued.StudyInstanceUid);
        Assert.Equal("1.2.826.0.1.3680043.10.2", queued.SeriesInstanceUid);
        Assert.Equal(Pacs, queued.DicomWebBaseUrl);
        Assert.Null(queued.Path);
        Assert.Equal(StudyPriority.Manual, queued.Priority);
        Assert.Equal(StudyPriority.Manual, queued.TransportPriority);
        Assert.Contains(queued.Reason, new[] { nameof(SegmentationReason.Manual), ((int)SegmentationReason.Manual).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using JsonDocument summary = JsonDocument.Parse(stdout);
        Assert.Equal(queued.CorrelationId, summary.RootElement.GetProperty("studies")[0].GetProperty("correlationId").GetGuid());
    }

    [Fact]
    public async Task Enqueue_DifferentPriorities_MostUrgentIsDeliveredFirst()
    {
        Assert.Equal(0, CliRunner.Run("enqueue", "--study", "1.2.3.1", "--dicomweb", Pacs, "--priority", "1").ExitCode);
        Assert.Equal(0, CliRunner.Run("enqueue", "--study", "1.2.3.9", "--dicomweb", Pacs, "--priority", "9").ExitCode);
        Assert.Equal(0, CliRunner.Run("enqueue", "--study", "1.2.3.5", "--dicomweb", Pacs, "--priority", "5").ExitCode);
        await WaitForCountAsync(3);

        IReadOnlyList<QueuedCommand> queued = await stack.Queue.DrainAsync();

        Assert.Equal(["1.2.3.9", "1.2.3.5", "1.2.3.1"], queued.Select(q => q.StudyInstanceUid));
        Assert.Equal([9, 5, 1], queued.Select(q => (int)q.TransportPriority));
    }

    [Fact]
    public void Enqueue_PriorityAboveMax_IsAUsageError()
    {
        var (code, _, stderr) = CliRunner.Run("enqueue", "--study", "1.2.3", "--dicomweb", Pacs, "--priority", "10");

        Assert.Equal(2, code);
        Assert.Contains("--priority", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enqueue_ListWithBadLines_ReportsLineNumbersAndSendsTheRest()
    {
        string list = stack.Temp.File($"list-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(list,
        [
            "1.2.840.10008.99.1",                                  // 1: default URL
            "1.2.840.10008.99.x",                                  // 2: not a UID
            "# a comment",                                         // 3
            "",                                                    // 4
            "1.2.840.10008.99.2, http://other.example/dicom-web",  // 5: own URL
            "1.2.840.10008.99.3,not a url",                        // 6: bad URL
            "1.2.840.10008.099.4",                                 // 7: leading zero
        ]);

        var (code, stdout, stderr) = CliRunner.Run("enqueue", "--list", list, "--dicomweb", Pacs);

        Assert.Equal(1, code);
        using JsonDocument summary = JsonDocument.Parse(stdout);
        Assert.Equal(2, summary.RootElement.GetProperty("sent").GetInt32());
        Assert.Equal([2, 6, 7], summary.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()));
        Assert.Contains("line 2:", stderr, StringComparison.Ordinal);
        Assert.Contains("line 7:", stderr, StringComparison.Ordinal);
        IReadOnlyList<QueuedCommand> queued = await stack.Queue.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, queued.Count);
        Assert.Equal(Pacs, queued.Single(q => q.StudyInstanceUid == "1.2.840.10008.99.1").DicomWebBaseUrl);
        Assert.Equal("http://other.example/dicom-web", queued.Single(q => q.StudyInstanceUid == "1.2.840.10008.99.2").DicomWebBaseUrl);
        Assert.All(queued, q => Assert.Equal(StudyPriority.Manual, q.TransportPriority));
    }

    [Fact]
    public async Task Enqueue_FolderOfStudies_ReadsEachStudyUidAndSendsRelativePaths()
    {
        string root = stack.Temp.Folder($"sources-{Guid.NewGuid():N}");
        string batch = Directory.CreateDirectory(Path.Combine(root, "batch")).FullName;
        var generator = new SyntheticChestCtGenerator();
        SyntheticChestCtResult first = generator.Write(Path.Combine(batch, "a"), SmallCt(11));
        SyntheticChestCtResult second = generator.Write(Path.Combine(batch, "b"), SmallCt(12));
        Directory.CreateDirectory(Path.Combine(batch, "c-junk"));
        await File.WriteAllTextAsync(Path.Combine(batch, "c-junk", "notes.txt"), "not DICOM");

        var (code, stdout, _) = CliRunner.Run("enqueue", "--folder", batch, "--relative-to", root);

        Assert.Equal(1, code);
        using JsonDocument summary = JsonDocument.Parse(stdout);
        Assert.Contains("c-junk", Assert.Single(summary.RootElement.GetProperty("errors").EnumerateArray()).GetProperty("origin").GetString(),
            StringComparison.Ordinal);
        IReadOnlyList<QueuedCommand> queued = await stack.Queue.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, queued.Count);
        Assert.Equal(Path.Combine("batch", "a"), queued.Single(q => q.StudyInstanceUid == first.Series.StudyInstanceUid).Path);
        Assert.Equal(Path.Combine("batch", "b"), queued.Single(q => q.StudyInstanceUid == second.Series.StudyInstanceUid).Path);
        Assert.All(queued, q => Assert.Null(q.DicomWebBaseUrl));
    }

    [Fact]
    public async Task Enqueue_DryRun_SendsNothing()
    {
        var (code, stdout, _) = CliRunner.Run("enqueue", "--study", "1.2.3.4", "--dicomweb", Pacs, "--dry-run");

        Assert.Equal(0, code);
        Assert.True(JsonDocument.Parse(stdout).RootElement.GetProperty("dryRun").GetBoolean());
        // Sends are confirmed by the broker before the verb returns: anything it had sent would be queued by now.
        Assert.Equal(0u, await stack.Queue.CountAsync());
    }

    [Fact]
    public void Enqueue_BrokerUnreachable_OneErrorLineWithoutWaiting()
    {
        string? port = Environment.GetEnvironmentVariable("RabbitMq__Port");
        Environment.SetEnvironmentVariable("RabbitMq__Port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (code, stdout, stderr) = CliRunner.Run("enqueue", "--study", "1.2.3", "--dicomweb", Pacs);

            Assert.Equal(3, code);
            Assert.Empty(stdout);
            Assert.StartsWith("error: RabbitMQ at 127.0.0.1:", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        }
        finally
        {
            Environment.SetEnvironmentVariable("RabbitMq__Port", port);
        }
    }

    internal static SyntheticChestCtOptions SmallCt(int seed) => new()
    {
        Rows = 16, Columns = 16, Slices = 3, Seed = seed, GgoBlobs = 1, ConsolidationBlobs = 0,
    };

    private async Task WaitForCountAsync(int count)
    {
        await Poll.TryUntilAsync(async () => await stack.Queue.CountAsync() >= count, TimeSpan.FromSeconds(10));
    }
}
