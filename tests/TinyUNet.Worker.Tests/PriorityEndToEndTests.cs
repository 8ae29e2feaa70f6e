using TinyUNet.Contracts;
using TinyUNet.TestSupport;
using TinyUNet.Worker.Tests.Support;

namespace TinyUNet.Worker.Tests;

/// <summary>The "segment-study" queue is a priority queue: waiting commands are taken most urgent first.</summary>
[Collection(WorkerStackCollection.Name)]
public sealed class PriorityEndToEndTests(WorkerStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task SegmentStudy_LowThenHighQueuedWhileWorkerStopped_HighProcessedFirst()
    {
        SegmentStudy low = Command("study-301", seed: 301, StudyPriority.Reprocess, SegmentationReason.Reprocess);
        SegmentStudy high = Command("study-302", seed: 302, StudyPriority.Manual, SegmentationReason.Manual);

        await stack.StopWorkerAsync();
        try
        {
            // Low first: a plain FIFO queue would hand it out first.
            await stack.Events.SendAsync(low, (byte)low.Priority, CancellationToken.None);
            await stack.Events.SendAsync(high, (byte)high.Priority, CancellationToken.None);
            await WaitForReadyAsync(2);
            await stack.StartWorkerAsync(); // one study at a time, as configured by default
            StudySegmented lowDone = (await stack.Events.SegmentedAsync(low.CorrelationId, 1, Patience))[0];
            StudySegmented highDone = (await stack.Events.SegmentedAsync(high.CorrelationId, 1, Patience))[0];

            var runs = await Sql.QueryAsync(stack.Database,
                "SELECT run_id, priority, reason FROM runs WHERE run_id IN ($1, $2) ORDER BY started_at", lowDone.RunId, highDone.RunId);
            Assert.Equal([highDone.RunId, lowDone.RunId], runs.Select(r => (Guid)r[0]));
            Assert.Equal([StudyPriority.Manual, StudyPriority.Reprocess], runs.Select(r => (int)r[1]));
            Assert.Equal(["Manual", "Reprocess"], runs.Select(r => (string)r[2]));
        }
        finally
        {
            await stack.RestartWorkerAsync();
        }
    }

    private SegmentStudy Command(string folder, int seed, int priority, SegmentationReason reason) => stack.WriteFolderStudy(folder, seed) with
    {
        Priority = priority,
        Reason = reason,
    };

    private async Task WaitForReadyAsync(int count)
    {
        (uint Ready, uint Consumers) queue = default;
        await Poll.UntilAsync(async () => (queue = await Broker.QueueAsync(stack.Stack.Settings, SegmentStudyConsumerDefinition.QueueName)).Ready >= count,
            TimeSpan.FromSeconds(20), $"{count} commands wait in the queue (last seen: ready {queue.Ready}, consumers {queue.Consumers})");
    }
}
