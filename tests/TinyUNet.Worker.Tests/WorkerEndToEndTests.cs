using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TinyUNet.Contracts;
using TinyUNet.Dicom;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.TestSupport;
using TinyUNet.Worker.Retrieval;
using TinyUNet.Worker.Tests.Support;
using Xunit.Abstractions;

namespace TinyUNet.Worker.Tests;

/// <summary>
/// The worker against real RabbitMQ, PostgreSQL and Orthanc started by deploy/local-stack: commands in through the
/// broker, results checked where a hospital would look (PACS by QIDO, database rows, published events, error queue).
/// </summary>
[Collection(WorkerStackCollection.Name)]
public sealed class WorkerEndToEndTests(WorkerStackFixture stack, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task SegmentStudy_CtInPacs_SegInPacsRowsStoredAndEventPublished()
    {
        SyntheticChestCtResult ct = await UploadAsync(seed: 101);
        SegmentStudy command = FromPacs(ct);
        var clock = Stopwatch.StartNew();

        await stack.Events.SendAsync(command, CancellationToken.None);
        StudySegmented segmented = (await stack.Events.SegmentedAsync(command.CorrelationId, 1, Patience))[0];
        clock.Stop();

        Assert.False(segmented.AlreadyExisted);
        Assert.Equal(ct.Series.SeriesInstanceUid, segmented.SeriesInstanceUid);
        // The all-lung model makes every voxel lung: the whole grid, no lesions.
        double gridMl = ct.Series.Slices.Count * (double)ct.Series.Rows * ct.Series.Columns * ct.Series.VoxelVolumeMm3 / 1000;
        Assert.Equal(gridMl, segmented.Summary.LungVolumeMl, 6);
        Assert.Equal(0, segmented.Summary.GgoVolumeMl + segmented.Summary.ConsolidationVolumeMl);

        var series = await StudyUploads.SeriesAsync(stack.Pacs, ct.Series.StudyInstanceUid);
        Assert.Contains((segmented.SegSeriesInstanceUid, "SEG"), series);
        Assert.Equal([segmented.SegSopInstanceUid],
            await StudyUploads.InstancesAsync(stack.Pacs, ct.Series.StudyInstanceUid, segmented.SegSeriesInstanceUid));
        string fetched = stack.Scratch + "/seg-" + segmented.RunId.ToString("N");
        await stack.Service<DicomWebRetriever>().RetrieveAsync(ct.Series.StudyInstanceUid, segmented.SegSeriesInstanceUid, fetched, CancellationToken.None);
        Dciodvfy.AssertValid(Directory.EnumerateFiles(fetched).Single());

        var rows = await QueryAsync("SELECT side, class, volume_ml, percent_of_lung FROM volumetrics WHERE run_id = $1", segmented.RunId);
        Assert.Equal(15, rows.Count);
        Assert.Equal(gridMl, (double)rows.Single(r => (string)r[0] == "total" && (string)r[1] == "whole_lung")[2], 6);
        Assert.Equal(0.0, (double)rows.Single(r => (string)r[0] == "total" && (string)r[1] == "lesion")[2]);
        Assert.Equal(gridMl, rows.Where(r => (string)r[0] != "total" && (string)r[1] == "whole_lung").Sum(r => (double)r[2]), 6);
        var report = await QueryAsync("SELECT run_id, lung_ml, opacity_percent FROM study_reports WHERE study_instance_uid = $1", ct.Series.StudyInstanceUid);
        Assert.Equal(segmented.RunId, (Guid)Assert.Single(report)[0]);
        Assert.Equal(0.0, (double)report[0][2]);

        // The study picture sits beside the SEG the run recorded.
        string segLocation = (string)Assert.Single(await QueryAsync("SELECT seg_location FROM runs WHERE run_id = $1", segmented.RunId))[0];
        Assert.StartsWith(stack.OutputRoot, segLocation);
        string montage = Path.Combine(Path.GetDirectoryName(segLocation)!, segmented.SeriesInstanceUid + ".montage.png");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(montage)[..4]);

        var stages = await QueryAsync("SELECT stage_ms::text FROM runs WHERE run_id = $1", segmented.RunId);
        output.WriteLine($"message in → event out: {clock.Elapsed.TotalMilliseconds:F0} ms; stages (ms): {stages[0][0]}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(stack.WorkRoot));

        HealthReport health = await stack.Service<HealthCheckService>().CheckHealthAsync();
        Assert.True(health.Status == HealthStatus.Healthy, string.Join("; ", health.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description}")));
        output.WriteLine("health: " + string.Join(", ", health.Entries.Keys));
        Assert.Contains(health.Entries.Keys, k => k.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("model", health.Entries.Keys);
        Assert.Contains("database", health.Entries.Keys);
    }

    [Fact]
    public async Task SegmentStudy_SameCommandTwice_OneRunOneSeg()
    {
        SyntheticChestCtResult ct = await UploadAsync(seed: 102);
        SegmentStudy command = FromPacs(ct);

        await stack.Events.SendAsync(command, CancellationToken.None);
        await stack.Events.SendAsync(command, CancellationToken.None);
        var events = await stack.Events.SegmentedAsync(command.CorrelationId, 2, Patience);
        var stages = await QueryAsync("SELECT stage_ms::text FROM runs WHERE run_id = $1", events[0].RunId);
        output.WriteLine($"second study (warm model), stages (ms): {stages[0][0]}");

        Assert.Single(events.Select(e => e.RunId).Distinct());
        Assert.Single(events, e => e.AlreadyExisted);
        // The repeat was answered once its series was chosen from headers: it retrieved and selected, never decoded
        // or ran the model (each attempt's trace has a child per finished stage, beside HTTP and SQL spans).
        bool IsAttempt(Activity a) => a.OperationName == "SegmentStudy"
            && (a.GetTagItem("tinyunet.study_instance_uid") as string) == ct.Series.StudyInstanceUid;
        var activities = await stack.Activities.WaitUntilAsync(all => all.Count(IsAttempt) == 2, TimeSpan.FromSeconds(30));
        var attempts = activities.Where(IsAttempt).ToList();
        var stagesOf = attempts.Select(a => activities.Where(c => c.ParentSpanId == a.SpanId).Select(c => c.OperationName).ToHashSet()).ToList();
        Assert.Single(stagesOf, s => s.Contains("Inference"));
        Assert.Single(stagesOf, s => s.IsSupersetOf(["Retrieve", "Discover"]) && !s.Overlaps(["Decode", "Inference", "Stow", "Store"]));
        var runs = await QueryAsync("SELECT count(*) FROM runs WHERE series_instance_uid = $1", ct.Series.SeriesInstanceUid);
        Assert.Equal(1L, (long)runs[0][0]);
        var segs = (await StudyUploads.SeriesAsync(stack.Pacs, ct.Series.StudyInstanceUid)).Where(s => s.Modality == "SEG").ToList();
        Assert.Single(segs);
        Assert.Single(await StudyUploads.InstancesAsync(stack.Pacs, ct.Series.StudyInstanceUid, segs[0].Uid));
    }

    [Fact]
    public async Task SegmentStudy_StudyWithoutCt_ErrorQueueAndOneFailedRunWithoutResults()
    {
        SyntheticChestCtResult ct = await stack.UploadStudyAsync("mr-103", seed: 103, written =>
        {
            foreach (CtSlice slice in written.Series.Slices)
            {
                var (code, _, stderr) = ExternalTool.Run("dcmodify", ["-nb", "-m", "(0008,0060)=MR", slice.FilePath]);
                Assert.True(code == 0, stderr);
            }
        });
        SegmentStudy command = FromPacs(ct);

        await stack.Events.SendAsync(command, CancellationToken.None);
        StudySegmentationFailed failed = (await stack.Events.FailedAsync(command.CorrelationId, Patience))[0];
        string faultReason = await stack.Errors.WaitForAsync(command.CorrelationId.ToString(), Patience);

        Assert.True(failed.Permanent);
        Assert.Contains("MR", failed.Reason, StringComparison.Ordinal);
        // Announced once: the fault consumer (the last to handle the command, and one that must stay silent on a permanent
        // failure) has finished with its fault, and every event published until then has reached the listener.
        await FaultConsumerDoneAsync(ct.Series.StudyInstanceUid);
        await stack.Events.SettledAsync(Patience);
        Assert.Single(stack.Events.AllFailed(command.CorrelationId));
        Assert.Equal(failed.Reason, faultReason);
        var series = await QueryAsync("SELECT count(*) FROM series WHERE study_instance_uid = $1", ct.Series.StudyInstanceUid);
        Assert.Equal(0L, (long)series[0][0]);
        Assert.DoesNotContain(await StudyUploads.SeriesAsync(stack.Pacs, ct.Series.StudyInstanceUid), s => s.Modality == "SEG");

        // One failed run: permanent, the reason as announced, where the study came from, what had been done.
        var runs = await QueryAsync("""
            SELECT run_id, status, permanent, error, series_instance_uid, correlation_id, model_sha256, reason, priority,
                   source_dicomweb_url, source_path, stage_ms ? 'Retrieve', stage_ms ? 'Inference', started_at <= finished_at
            FROM runs WHERE study_instance_uid = $1
            """, ct.Series.StudyInstanceUid);
        object[] run = Assert.Single(runs);
        Assert.Equal(("failed", true, failed.Reason), ((string)run[1], (bool)run[2], (string)run[3]));
        Assert.Equal(DBNull.Value, run[4]);
        Assert.Equal(command.CorrelationId, (Guid)run[5]);
        Assert.Equal(stack.Service<TinyUNet.Pipeline.Inference.SegmentationModel>().WeightsSha256, (string)run[6]);
        Assert.Equal(("NewStudy", StudyPriority.NewStudy), ((string)run[7], (int)run[8]));
        Assert.Equal((stack.Stack.DicomWebBaseUrl, DBNull.Value), ((string)run[9], run[10]));
        Assert.Equal((true, false, true), ((bool)run[11], (bool)run[12], (bool)run[13]));
        Assert.Equal(0L, (long)(await QueryAsync("SELECT count(*) FROM volumetrics WHERE run_id = $1", (Guid)run[0]))[0][0]);
        Assert.Empty(await QueryAsync("SELECT 1 FROM study_reports WHERE study_instance_uid = $1", ct.Series.StudyInstanceUid));
        var latest = await QueryAsync("SELECT run_id, status FROM study_latest_runs WHERE study_instance_uid = $1", ct.Series.StudyInstanceUid);
        Assert.Equal(((Guid)run[0], "failed"), ((Guid)latest[0][0], (string)latest[0][1]));
    }

    [Fact]
    public async Task SegmentStudy_PacsDownDuringRetrieval_RetriedThenSucceeds()
    {
        SyntheticChestCtResult ct = await UploadAsync(seed: 104);
        SegmentStudy command = FromPacs(ct);
        stack.Stack.StopComponent("orthanc");
        try
        {
            await stack.Events.SendAsync(command, CancellationToken.None);
            // The worker has tried and failed while the PACS was down (an attempt's span ends in error)…
            await stack.Activities.WaitUntilAsync(all => all.Any(a => a.OperationName == "SegmentStudy"
                && (a.GetTagItem("tinyunet.study_instance_uid") as string) == ct.Series.StudyInstanceUid
                && a.Status == ActivityStatusCode.Error), Patience);
            // …and not given up: nothing succeeded, nothing failed for good.
            Assert.Empty(stack.Events.AllSegmented(command.CorrelationId));
            Assert.Empty(stack.Events.AllFailed(command.CorrelationId));
        }
        finally
        {
            stack.Stack.StartComponent("orthanc");
        }

        StudySegmented segmented = (await stack.Events.SegmentedAsync(command.CorrelationId, 1, Patience))[0];
        Assert.Equal(ct.Series.SeriesInstanceUid, segmented.SeriesInstanceUid);
        Assert.Contains((segmented.SegSeriesInstanceUid, "SEG"), await StudyUploads.SeriesAsync(stack.Pacs, ct.Series.StudyInstanceUid));
    }

    [Fact]
    public async Task SegmentStudy_PacsDownThroughEveryRetry_FailedNotPermanentAndInErrorQueue()
    {
        SyntheticChestCtResult ct = await UploadAsync(seed: 106);
        SegmentStudy command = FromPacs(ct);
        stack.Stack.StopComponent("orthanc");
        try
        {
            await stack.Events.SendAsync(command, CancellationToken.None);
            StudySegmentationFailed failed = (await stack.Events.FailedAsync(command.CorrelationId, Patience))[0];

            Assert.False(failed.Permanent);
            Assert.Contains("HttpRequestException", failed.Reason, StringComparison.Ordinal);
            Assert.Contains("Connection refused", await stack.Errors.WaitForAsync(command.CorrelationId.ToString(), Patience),
                StringComparison.Ordinal);
            Assert.Empty(stack.Events.AllSegmented(command.CorrelationId));

            // Fifteen attempts (three deliveries, two of them from retry queues, of 1 + 4 quick retries each), one failed
            // run: written once retries ran out, not per attempt, as the last attempt. The fault consumer, the last step,
            // has finished (row written, failure announced) and every event published until then has been heard.
            await FaultConsumerDoneAsync(ct.Series.StudyInstanceUid);
            await stack.Events.SettledAsync(Patience);
            Assert.Single(stack.Events.AllFailed(command.CorrelationId));
            var runs = await QueryAsync("SELECT status, permanent, error, stage_ms::text, series_instance_uid, run_id FROM runs WHERE study_instance_uid = $1",
                ct.Series.StudyInstanceUid);
            object[] run = Assert.Single(runs);
            Assert.Equal(("failed", false, failed.Reason), ((string)run[0], (bool)run[1], (string)run[2]));
            Assert.Equal("{}", (string)run[3]);
            Assert.Equal(DBNull.Value, run[4]);
            var attempts = stack.Activities.Snapshot()
                .Where(a => a.OperationName == "SegmentStudy" && (a.GetTagItem("tinyunet.study_instance_uid") as string) == ct.Series.StudyInstanceUid)
                .OrderBy(a => a.StartTimeUtc).Select(a => a.GetTagItem("tinyunet.run_id") as string).ToList();
            Assert.Equal(15, attempts.Count);
            Assert.Equal(attempts[^1], ((Guid)run[5]).ToString());
            // Nothing left waiting on the broker, nothing left to count as a crash.
            foreach (int seconds in new[] { 3, 6 })
                Assert.Equal(0u, await Broker.ReadyMessagesAsync(stack.Stack.Settings, TinyUNet.Messaging.SegmentStudyRetryQueues.Name(TimeSpan.FromSeconds(seconds))));
            Assert.Empty(await QueryAsync("SELECT 1 FROM delivery_attempts WHERE study_instance_uid = $1", ct.Series.StudyInstanceUid));
        }
        finally
        {
            stack.Stack.StartComponent("orthanc");
        }
    }

    private Task<SyntheticChestCtResult> UploadAsync(int seed) => stack.UploadStudyAsync($"ct-{seed}", seed);

    private SegmentStudy FromPacs(SyntheticChestCtResult ct) => stack.FromPacs(ct);

    private Task<List<object[]>> QueryAsync(string sql, params object[] parameters) => Sql.QueryAsync(stack.Database, sql, parameters);

    /// <summary>
    /// Waits until <see cref="SegmentStudyFaultConsumer"/> has finished with the fault of the study's command: MassTransit's
    /// consumer span, exported when the consumer returns, in the trace of one of the worker's attempts at the study.
    /// </summary>
    private Task FaultConsumerDoneAsync(string studyInstanceUid) => stack.Activities.WaitUntilAsync(all =>
    {
        var traces = all.Where(a => a.OperationName == "SegmentStudy" && (a.GetTagItem("tinyunet.study_instance_uid") as string) == studyInstanceUid)
            .Select(a => a.TraceId).ToHashSet();
        return all.Any(a => a.Source.Name == "MassTransit" && traces.Contains(a.TraceId)
            && (a.GetTagItem("messaging.masstransit.consumer_type") as string)?.Contains(nameof(SegmentStudyFaultConsumer), StringComparison.Ordinal) == true);
    }, Patience);
}
