using System.Diagnostics;
using System.Text;
using TinyUNet.Contracts;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.Messaging;
using TinyUNet.Worker.Tests.Support;

namespace TinyUNet.Worker.Tests;

/// <summary>
/// Redeliveries wait on the broker, in a TTL retry queue, not in the worker: the slot a failing study held is free for
/// the next one meanwhile.
/// </summary>
[Collection(WorkerStackCollection.Name)]
public sealed class RetryQueueEndToEndTests(WorkerStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task SegmentStudy_PacsDownWhileRedeliveryWaits_NextStudyDoneMeanwhileThenFirstSucceeds()
    {
        // A from the PACS, B from a folder and nothing stored in the PACS, so only A needs it.
        SyntheticChestCtResult ct = await stack.UploadStudyAsync("ct-601", seed: 601);
        SegmentStudy a = stack.FromPacs(ct) with { Priority = StudyPriority.Manual };
        SegmentStudy b = stack.WriteFolderStudy("study-602", seed: 602);
        var messageId = Guid.NewGuid();
        // One study at a time; one quick retry, then 10 s (and 20 s) on the broker.
        await stack.RestartWorkerAsync(new Dictionary<string, string?>
        {
            ["Device:Count"] = "1",
            ["Device:StudiesPerDevice"] = "1",
            ["Pacs:StoreSegmentations"] = "false",
            ["Retry:ImmediateRetries"] = "1",
            ["Retry:Redeliveries"] = "2",
            ["Retry:RedeliveryIntervalSeconds"] = "10",
        });
        stack.Stack.StopComponent("orthanc");
        try
        {
            await stack.Events.SendAsync(a, (byte)a.Priority, messageId, CancellationToken.None);

            // A's quick retries are used up: it waits in the first retry queue as it was sent, redelivery count 1.
            var (properties, body) = await Broker.PeekAsync(stack.Stack.Settings, SegmentStudyRetryQueues.Name(TimeSpan.FromSeconds(10)), Patience);
            Assert.Equal(messageId.ToString(), properties.MessageId);
            Assert.Equal((byte)StudyPriority.Manual, properties.Priority);
            Assert.Equal(1, Convert.ToInt32(Header(properties, "MT-Redelivery-Count"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains(a.CorrelationId.ToString(), body, StringComparison.Ordinal);

            await stack.Events.SendAsync(b, CancellationToken.None);
            Assert.False((await stack.Events.SegmentedAsync(b.CorrelationId, 1, Patience))[0].AlreadyExisted);
            Assert.Empty(stack.Events.AllSegmented(a.CorrelationId));
            Assert.Empty(stack.Events.AllFailed(a.CorrelationId));
        }
        finally
        {
            stack.Stack.StartComponent("orthanc");
        }
        try
        {
            StudySegmented done = (await stack.Events.SegmentedAsync(a.CorrelationId, 1, Patience))[0];
            Assert.Equal(ct.Series.SeriesInstanceUid, done.SeriesInstanceUid);

            // B ran between A's first delivery (two failed attempts) and its return from the retry queue. The success
            // event is published inside the third attempt, whose span is exported only when that attempt ends.
            await stack.Activities.WaitUntilAsync(_ => Attempts(a.StudyInstanceUid).Length >= 3, Patience);
            Activity[] attemptsOfA = Attempts(a.StudyInstanceUid);
            Activity attemptOfB = Assert.Single(Attempts(b.StudyInstanceUid));
            Assert.True(attemptsOfA.Length >= 3, $"{attemptsOfA.Length} attempts of A");
            Assert.All(attemptsOfA[..2], attempt => Assert.Equal(ActivityStatusCode.Error, attempt.Status));
            Assert.True(attemptsOfA[1].StartTimeUtc + attemptsOfA[1].Duration <= attemptOfB.StartTimeUtc, "B started before A's first delivery ended");
            Assert.True(attemptOfB.StartTimeUtc < attemptsOfA[2].StartTimeUtc, "A came back from the retry queue before B was done");
            // Every delivery of A ended in a way the worker survived: nothing left to count as a crash.
            Assert.Empty(await Sql.QueryAsync(stack.Database, "SELECT 1 FROM delivery_attempts WHERE study_instance_uid = $1", a.StudyInstanceUid));
            Assert.Equal(0u, await Broker.ReadyMessagesAsync(stack.Stack.Settings, SegmentStudyRetryQueues.Name(TimeSpan.FromSeconds(20))));
        }
        finally
        {
            await stack.RestartWorkerAsync();
        }
    }

    private Activity[] Attempts(string studyInstanceUid) =>
    [
        .. stack.Activities.Snapshot()
            .Where(a => a.OperationName == "SegmentStudy" && (a.GetTagItem("tinyunet.study_instance_uid") as string) == studyInstanceUid)
            .OrderBy(a => a.StartTimeUtc),
    ];

    private static object? Header(RabbitMQ.Client.IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out object? value)
            ? value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value
            : null;
}
