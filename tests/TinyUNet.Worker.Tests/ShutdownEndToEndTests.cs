using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using TinyUNet.Contracts;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.TestSupport;
using TinyUNet.Worker.Tests.Support;

namespace TinyUNet.Worker.Tests;

/// <summary>
/// The host stopping (a pod's SIGTERM) while a study is mid-retrieval, held there by <see cref="StallingPacs"/>:
/// either the study finishes within the shutdown timeout, or it is abandoned cleanly and its message redelivered.
/// </summary>
[Collection(WorkerStackCollection.Name)]
public sealed class ShutdownEndToEndTests(WorkerStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Stop_StudyOutlastsGrace_AbandonedNothingWrittenMessageRedelivered()
    {
        await using var pacs = new StallingPacs(stack.Stack.DicomWebBaseUrl, FreePort.Next());
        SegmentStudy command = await UploadAsync(seed: 401, pacs);
        try
        {
            // 6 s in all: 3 s (the grace) for the study to finish, 3 s to abandon it.
            await stack.RestartWorkerAsync(Settings(pacs, shutdownTimeoutSeconds: 6));
            await stack.Events.SendAsync(command, CancellationToken.None);
            await pacs.Stalled.WaitAsync(Patience);
            await WaitForWorkFileAsync();

            WorkerStopped stopped = await stack.StopWorkerAsync();

            // Abandoned within the stop: the attempt had ended (cancelled, cleaned up) by the time the host's stop
            // returned, so the host's shutdown timeout did not cut it short…
            Activity abandoned = Assert.Single(Attempts(stopped.ExportedByStop, command), a => a.StatusDescription == Abandoned);
            // …and only once the grace was over: no sooner than the grace after the stop was asked for (a timer's lower
            // bound, which a busy machine can only make later).
            TimeSpan cancelledAfter = abandoned.StartTimeUtc + abandoned.Duration - stopped.RequestedAtUtc;
            Assert.True(cancelledAfter >= TimeSpan.FromSeconds(2.9), $"abandoned {cancelledAfter.TotalSeconds:0.00} s into the stop, before the 3 s grace");
            Assert.Empty(Directory.EnumerateFileSystemEntries(stack.WorkRoot));
            Assert.Empty(await Sql.QueryAsync(stack.Database, "SELECT 1 FROM runs WHERE study_instance_uid = $1", command.StudyInstanceUid));
            // Everything the worker published before it stopped has been heard: neither outcome was announced.
            await stack.Events.SettledAsync(Patience);
            Assert.Empty(stack.Events.AllSegmented(command.CorrelationId));
            Assert.Empty(stack.Events.AllFailed(command.CorrelationId));
            // Returned to the queue, not faulted into the error queue (the bus has stopped: a fault would be there by now).
            Assert.Equal(1u, await Broker.ReadyMessagesAsync(stack.Stack.Settings, SegmentStudyConsumerDefinition.QueueName));
            Assert.False(await stack.Errors.ContainsAsync(command.CorrelationId.ToString()), "the abandoned study was faulted into the error queue");

            // The returned message is taken again by the next worker and done.
            pacs.Stall = false;
            pacs.Release();
            await stack.StartWorkerAsync(Settings(pacs, shutdownTimeoutSeconds: 60));
            StudySegmented segmented = (await stack.Events.SegmentedAsync(command.CorrelationId, 1, Patience))[0];
            Assert.False(segmented.AlreadyExisted);
            Assert.Single(await Sql.QueryAsync(stack.Database, "SELECT 1 FROM runs WHERE study_instance_uid = $1", command.StudyInstanceUid));
        }
        finally
        {
            pacs.Release();
            await stack.RestartWorkerAsync();
        }
    }

    [Fact]
    public async Task Stop_StudyFinishesWithinGrace_CompletedAndAcknowledged()
    {
        await using var pacs = new StallingPacs(stack.Stack.DicomWebBaseUrl, FreePort.Next());
        SegmentStudy command = await UploadAsync(seed: 402, pacs);
        try
        {
            await stack.RestartWorkerAsync(Settings(pacs, shutdownTimeoutSeconds: 60));
            await stack.Events.SendAsync(command, CancellationToken.None);
            await pacs.Stalled.WaitAsync(Patience);

            var stopBegan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            stack.Service<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopBegan.TrySetResult());
            Task<WorkerStopped> stopping = stack.StopWorkerAsync();
            // The stop has begun while the study is held at the PACS.
            await stopBegan.Task.WaitAsync(Patience);
            Assert.False(stopping.IsCompleted, "the host must wait for the running study");
            pacs.Release();
            WorkerStopped stopped = await stopping;

            // The host waited: the study's attempt ended within the stop, a success, never abandoned.
            Activity attempt = Assert.Single(Attempts(stopped.ExportedByStop, command));
            Assert.Equal(ActivityStatusCode.Ok, attempt.Status);
            StudySegmented segmented = (await stack.Events.SegmentedAsync(command.CorrelationId, 1, Patience))[0];
            Assert.False(segmented.AlreadyExisted);
            Assert.Single(await Sql.QueryAsync(stack.Database, "SELECT 1 FROM runs WHERE run_id = $1 AND status = 'succeeded'", segmented.RunId));
            Assert.Equal(0u, await Broker.ReadyMessagesAsync(stack.Stack.Settings, SegmentStudyConsumerDefinition.QueueName));
            Assert.Empty(Directory.EnumerateFileSystemEntries(stack.WorkRoot));
        }
        finally
        {
            pacs.Release();
            await stack.RestartWorkerAsync();
        }
    }

    [Fact]
    public async Task Kill_MidStudy_NextStartRemovesTheOrphanedFolderThenDoesTheStudy()
    {
        await using var pacs = new StallingPacs(stack.Stack.DicomWebBaseUrl, FreePort.Next());
        SegmentStudy command = await UploadAsync(seed: 403, pacs);
        await stack.StopWorkerAsync();
        using System.Diagnostics.Process worker = stack.StartWorkerProcess(Settings(pacs, shutdownTimeoutSeconds: 60));
        try
        {
            await stack.Events.SendAsync(command, CancellationToken.None);
            await pacs.Stalled.WaitAsync(Patience);
            await WaitForWorkFileAsync();
            string orphan = Assert.Single(Directory.EnumerateDirectories(stack.WorkRoot));

            worker.Kill(); // SIGKILL: no finally block, no clean-up of its own
            await worker.WaitForExitAsync().WaitAsync(Patience);
            Assert.NotEmpty(Directory.EnumerateFiles(orphan, "*.dcm", SearchOption.AllDirectories));

            pacs.Stall = false;
            pacs.Release();
            await stack.StartWorkerAsync(Settings(pacs, shutdownTimeoutSeconds: 60));
            // Removed while the host started, before its bus took the redelivered message.
            Assert.False(Directory.Exists(orphan), "the killed worker's run folder is still there");
            StudySegmented segmented = (await stack.Events.SegmentedAsync(command.CorrelationId, 1, Patience))[0];
            Assert.False(segmented.AlreadyExisted);
        }
        finally
        {
            if (!worker.HasExited) worker.Kill();
            pacs.Release();
            await stack.RestartWorkerAsync();
        }
    }

    [Fact]
    public async Task Kill_SameStudyEndsCrashLimitWorkers_NextWorkerSetsItAsideAndGoesOn()
    {
        await using var pacs = new StallingPacs(stack.Stack.DicomWebBaseUrl, FreePort.Next());
        SegmentStudy poison = await UploadAsync(seed: 404, pacs);
        var settings = new Dictionary<string, string?>(Settings(pacs, shutdownTimeoutSeconds: 60)) { ["Worker:CrashLimit"] = "2" };
        await stack.StopWorkerAsync();
        try
        {
            await stack.Events.SendAsync(poison, CancellationToken.None);
            // Two workers in turn take the study and die with it (SIGKILL standing in for a native abort).
            for (int crash = 1; crash <= 2; crash++)
            {
                pacs.ResetStalled();
                using System.Diagnostics.Process worker = stack.StartWorkerProcess(settings);
                await pacs.Stalled.WaitAsync(Patience);
                worker.Kill();
                await worker.WaitForExitAsync().WaitAsync(Patience);
            }

            // The third sets it aside without touching it: a permanent failure in the error queue, naming the crashes.
            await stack.StartWorkerAsync(settings);
            StudySegmentationFailed failed = (await stack.Events.FailedAsync(poison.CorrelationId, Patience))[0];
            Assert.True(failed.Permanent);
            Assert.Contains("ended 2 workers", failed.Reason, StringComparison.Ordinal);
            Assert.Equal(failed.Reason, await stack.Errors.WaitForAsync(poison.CorrelationId.ToString(), Patience));
            Assert.Empty(stack.Events.AllSegmented(poison.CorrelationId));
            Assert.Empty(await Sql.QueryAsync(stack.Database, "SELECT 1 FROM delivery_attempts WHERE study_instance_uid = $1", poison.StudyInstanceUid));

            // And the worker is alive and goes on with the next study.
            pacs.Stall = false;
            pacs.Release();
            SegmentStudy next = await UploadAsync(seed: 405, pacs);
            await stack.Events.SendAsync(next, CancellationToken.None);
            Assert.False((await stack.Events.SegmentedAsync(next.CorrelationId, 1, Patience))[0].AlreadyExisted);
        }
        finally
        {
            pacs.Release();
            await stack.RestartWorkerAsync();
        }
    }

    private async Task<SegmentStudy> UploadAsync(int seed, StallingPacs pacs) =>
        stack.FromPacs(await stack.UploadStudyAsync($"ct-{seed}", seed), pacs.DicomWebBaseUrl);

    /// <summary>The worker fetching through the stalling front (which passes on GETs only, so no STOW).</summary>
    private static Dictionary<string, string?> Settings(StallingPacs pacs, int shutdownTimeoutSeconds) => new()
    {
        ["Pacs:DicomWebBaseUrl"] = pacs.DicomWebBaseUrl,
        ["Pacs:StoreSegmentations"] = "false",
        ["Worker:ShutdownTimeoutSeconds"] = shutdownTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private const string Abandoned = "abandoned at shutdown";

    /// <summary>The worker's attempts at the command among <paramref name="activities"/> (its SegmentStudy spans, exported as each attempt ends).</summary>
    private static Activity[] Attempts(IEnumerable<Activity> activities, SegmentStudy command) => activities
        .Where(a => a.OperationName == "SegmentStudy" && (a.GetTagItem("tinyunet.study_instance_uid") as string) == command.StudyInstanceUid)
        .ToArray();

    private Task WaitForWorkFileAsync() =>
        Poll.UntilAsync(() => Directory.EnumerateFiles(stack.WorkRoot, "*.dcm", SearchOption.AllDirectories).Any(),
            TimeSpan.FromSeconds(30), "the worker started writing the study to its work folder");
}
