using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using TinyUNet.Contracts;
using TinyUNet.PacsBridge.Tests.Support;
using TinyUNet.PacsBridge;
using TinyUNet.Storage;
using TinyUNet.TestSupport;

namespace TinyUNet.PacsBridge.Tests;

/// <summary>The bridge in-process against the real Orthanc, RabbitMQ and PostgreSQL: restart, filters, outage.</summary>
[Collection(IngestStackCollection.Name)]
public sealed class PacsBridgeEndToEndTests(IngestStackFixture stack) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public Task InitializeAsync() => stack.Queue.PurgeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Restart_EveryCtStudySentExactlyOnce_NonCtIgnored_CursorPersisted()
    {
        string bridge = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var first = await OrthancStudies.UploadCtAsync(stack.Orthanc, stack.Temp.Folder($"{bridge}-a"), 21);
        var second = await OrthancStudies.UploadCtAsync(stack.Orthanc, stack.Temp.Folder($"{bridge}-b"), 22);
        var mr = await OrthancStudies.CreateAsync(stack.Orthanc, "MR");
        long mrStable = await OrthancStudies.WaitForStableAsync(stack.Orthanc, mr.OrthancId, Patience);
        long firstStable = await OrthancStudies.WaitForStableAsync(stack.Orthanc, first.OrthancId, Patience);

        // The feed holds every study this stack's Orthanc ever got (other tests' too): only this test's are counted.
        string[] mine = [first.StudyUid, second.StudyUid, mr.StudyUid];
        var sent = new List<QueuedCommand>();
        using (IHost host = await StartBridgeAsync(bridge))
        {
            await CollectAsync(sent, () => sent.Count(c => mine.Contains(c.StudyInstanceUid)) >= 2);
            await WaitForCursorAsync(bridge, mrStable);
            await host.StopAsync();
        }
        sent.AddRange(await stack.Queue.DrainAsync());
        Assert.Equal(new[] { first.StudyUid, second.StudyUid }.Order(), Mine(sent, mine).Order());
        long cursorAfterFirstRun = (await Cursor(bridge))!.Value;
        Assert.True(cursorAfterFirstRun >= mrStable, $"cursor {cursorAfterFirstRun} stopped before the MR study's change {mrStable}");

        var third = await OrthancStudies.UploadCtAsync(stack.Orthanc, stack.Temp.Folder($"{bridge}-c"), 23);
        mine = [.. mine, third.StudyUid];
        long thirdStable = await OrthancStudies.WaitForStableAsync(stack.Orthanc, third.OrthancId, Patience);
        using (IHost host = await StartBridgeAsync(bridge))
        {
            await CollectAsync(sent, () => sent.Any(c => c.StudyInstanceUid == third.StudyUid));
            await WaitForCursorAsync(bridge, thirdStable);
            // More polls, shown rather than waited for: a later study sent and passed by the cursor means the restarted
            // bridge has gone over the feed beyond it, so anything it would replay from before the restart is sent too.
            var fourth = await OrthancStudies.UploadCtAsync(stack.Orthanc, stack.Temp.Folder($"{bridge}-d"), 24);
            mine = [.. mine, fourth.StudyUid];
            long fourthStable = await OrthancStudies.WaitForStableAsync(stack.Orthanc, fourth.OrthancId, Patience);
            await CollectAsync(sent, () => sent.Any(c => c.StudyInstanceUid == fourth.StudyUid));
            await WaitForCursorAsync(bridge, fourthStable);
            await host.StopAsync();
        }
        sent.AddRange(await stack.Queue.DrainAsync());

        Assert.Equal(new[] { first.StudyUid, second.StudyUid, third.StudyUid, mine[^1] }.Order(), Mine(sent, mine).Order());
        Assert.DoesNotContain(sent, c => c.StudyInstanceUid == mr.StudyUid);
        QueuedCommand firstSent = sent.Single(c => c.StudyInstanceUid == first.StudyUid);
        Assert.Equal(StableStudyHandler.CorrelationId(first.StudyUid, firstStable), firstSent.CorrelationId);
        Assert.All(sent.Where(c => mine.Contains(c.StudyInstanceUid)), c =>
        {
            Assert.Equal(StudyPriority.NewStudy, c.TransportPriority);
            Assert.Equal(stack.Stack.DicomWebBaseUrl, c.DicomWebBaseUrl);
            Assert.NotNull(c.SeriesInstanceUid);
        });
        Assert.True(await Cursor(bridge) >= thirdStable);
    }

    [Fact]
    public async Task OrthancDown_LoopBacksOffAndRecovers_HostKeepsRunning()
    {
        string bridge = "outage-" + Guid.NewGuid().ToString("N")[..8];
        using IHost host = await StartBridgeAsync(bridge, startAtLatest: true);
        HealthCheckService health = host.Services.GetRequiredService<HealthCheckService>();
        await WaitForAsync(async () => await Cursor(bridge) is not null);
        stack.Stack.StopComponent("orthanc");
        try
        {
            await WaitForAsync(async () => (await health.CheckHealthAsync()).Entries["change-feed"].Status != HealthStatus.Healthy);
        }
        finally
        {
            stack.Stack.StartComponent("orthanc");
        }
        var study = await OrthancStudies.UploadCtAsync(stack.Orthanc, stack.Temp.Folder($"{bridge}-a"), 31);

        var sent = new List<QueuedCommand>();
        await CollectAsync(sent, () => sent.Any(c => c.StudyInstanceUid == study.StudyUid));

        // Started at the feed's end: none of the studies Orthanc held before is sent.
        Assert.Equal([study.StudyUid], sent.Select(c => c.StudyInstanceUid));
        await WaitForAsync(async () => (await health.CheckHealthAsync()).Entries["change-feed"].Status == HealthStatus.Healthy);
        await host.StopAsync();
    }

    private Task<IHost> StartBridgeAsync(string name, bool startAtLatest = false) => BridgeHost.StartAsync(stack, name, startAtLatest);

    private static IEnumerable<string> Mine(IEnumerable<QueuedCommand> sent, string[] mine) =>
        sent.Select(c => c.StudyInstanceUid).Where(mine.Contains);

    private async Task CollectAsync(List<QueuedCommand> sent, Func<bool> done) =>
        await WaitForAsync(async () =>
        {
            sent.AddRange(await stack.Queue.DrainAsync());
            return done();
        });

    private Task<long?> Cursor(string bridge) => new BridgeCursorStore(stack.Database).GetAsync(bridge, CancellationToken.None);

    private async Task WaitForCursorAsync(string bridge, long seq) => await WaitForAsync(async () => await Cursor(bridge) >= seq);

    private static Task WaitForAsync(Func<Task<bool>> condition) => Poll.UntilAsync(condition, Patience, "the bridge's expected state");
}
