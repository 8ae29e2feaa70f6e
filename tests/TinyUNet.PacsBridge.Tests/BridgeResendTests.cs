using Microsoft.Extensions.Hosting;
using TinyUNet.PacsBridge.Tests.Support;
using TinyUNet.Storage;
using TinyUNet.TestSupport;

namespace TinyUNet.PacsBridge.Tests;

/// <summary>
/// A study Orthanc declares stable again after the bridge sent it: sent again only when its qualifying series changed.
/// The regression: the worker's own SEG made every study stable twice and cost two messages.
/// </summary>
[Collection(IngestStackCollection.Name)]
public sealed class BridgeResendTests(IngestStackFixture stack) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string SegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";

    public Task InitializeAsync() => stack.Queue.PurgeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SegStoredIntoSentStudy_StudyNotSentAgain()
    {
        var (bridge, study, firstStable, host) = await SendOneStudyAsync("seg", 41);
        using (host)
        {
            string segSeries = await OrthancStudies.AddInstanceAsync(stack.Orthanc, study.OrthancId,
                new() { ["Modality"] = "SEG", ["SOPClassUID"] = SegmentationStorage, ["SeriesDescription"] = "TinyU-Net segmentation" });
            Assert.Equal(2, (await OrthancStudies.SeriesIdsAsync(stack.Orthanc, study.OrthancId)).Count);
            Assert.Contains(segSeries, await OrthancStudies.SeriesIdsAsync(stack.Orthanc, study.OrthancId));
            long stableAgain = await OrthancStudies.WaitForStableAsync(stack.Orthanc, study.OrthancId, Patience, after: firstStable);
            await WaitForCursorAsync(bridge, stableAgain);
            await host.StopAsync();
        }

        Assert.DoesNotContain(await stack.Queue.DrainAsync(), c => c.StudyInstanceUid == study.StudyUid);
    }

    [Fact]
    public async Task NewCtInstancesInSentStudy_StudySentAgain()
    {
        var (bridge, study, firstStable, host) = await SendOneStudyAsync("instances", 42);
        using (host)
        {
            string ctSeries = Assert.Single(await OrthancStudies.SeriesIdsAsync(stack.Orthanc, study.OrthancId));
            Assert.Equal(ctSeries, await OrthancStudies.AddInstanceAsync(stack.Orthanc, ctSeries, new() { ["InstanceNumber"] = "4" }));
            long stableAgain = await OrthancStudies.WaitForStableAsync(stack.Orthanc, study.OrthancId, Patience, after: firstStable);
            QueuedCommand again = await WaitForCommandAsync(study.StudyUid);
            Assert.Equal(StableStudyHandler.CorrelationId(study.StudyUid, stableAgain), again.CorrelationId);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task NewCtSeriesInSentStudy_StudySentAgain()
    {
        var (_, study, firstStable, host) = await SendOneStudyAsync("series", 43);
        using (host)
        {
            await OrthancStudies.AddInstanceAsync(stack.Orthanc, study.OrthancId, new() { ["Modality"] = "CT", ["SeriesDescription"] = "second CT" });
            long stableAgain = await OrthancStudies.WaitForStableAsync(stack.Orthanc, study.OrthancId, Patience, after: firstStable);
            QueuedCommand again = await WaitForCommandAsync(study.StudyUid);
            Assert.Equal(StableStudyHandler.CorrelationId(study.StudyUid, stableAgain), again.CorrelationId);
            // Two qualifying series now: the worker chooses among them.
            Assert.Null(again.SeriesInstanceUid);
            await host.StopAsync();
        }
    }

    /// <summary>A bridge started at the feed's end, one CT study uploaded and its one command taken off the queue.</summary>
    private async Task<(string Bridge, (string StudyUid, string OrthancId) Study, long FirstStable, IHost Host)> SendOneStudyAsync(
        string label, int seed)
    {
        string bridge = label + "-" + Guid.NewGuid().ToString("N")[..8];
        IHost host = await BridgeHost.StartAsync(stack, bridge, startAtLatest: true);
        try
        {
            await Poll.UntilAsync(async () => await Cursor(bridge) is not null, Patience, "the bridge's first cursor");
            var study = await OrthancStudies.UploadCtAsync(stack.Orthanc, stack.Temp.Folder(bridge), seed);
            long firstStable = await OrthancStudies.WaitForStableAsync(stack.Orthanc, study.OrthancId, Patience);
            QueuedCommand first = await WaitForCommandAsync(study.StudyUid);
            Assert.Equal(StableStudyHandler.CorrelationId(study.StudyUid, firstStable), first.CorrelationId);
            await WaitForCursorAsync(bridge, firstStable);
            return (bridge, study, firstStable, host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private async Task<QueuedCommand> WaitForCommandAsync(string studyUid)
    {
        var sent = new List<QueuedCommand>();
        await Poll.UntilAsync(async () =>
        {
            sent.AddRange(await stack.Queue.DrainAsync());
            return sent.Any(c => c.StudyInstanceUid == studyUid);
        }, Patience, $"a command for study {studyUid}");
        return Assert.Single(sent, c => c.StudyInstanceUid == studyUid);
    }

    private Task<long?> Cursor(string bridge) => new BridgeCursorStore(stack.Database).GetAsync(bridge, CancellationToken.None);

    private async Task WaitForCursorAsync(string bridge, long seq) =>
        await Poll.UntilAsync(async () => await Cursor(bridge) >= seq, Patience, $"the bridge's cursor at change {seq}");
}
