using TinyUNet.Contracts;
using TinyUNet.Worker.Tests.Support;

namespace TinyUNet.Worker.Tests;

/// <summary>
/// The in-process worker stopped right after it started, as a test's clean-up followed by the next test's stop does.
/// MassTransit starts the bus in the background; a host stopped before its bus had connected once left that start
/// running, and the bus of a disposed host connected afterwards and took the next tests' studies.
/// </summary>
[Collection(WorkerStackCollection.Name)]
public sealed class WorkerRestartEndToEndTests(WorkerStackFixture stack)
{
    [Fact]
    public async Task RestartThenStopAtOnce_NoConsumerOutlivesItsHost_AndTheNextWorkerTakesTheStudy()
    {
        for (int i = 0; i < 5; i++)
        {
            await stack.RestartWorkerAsync();
            await stack.StopWorkerAsync();
        }
        // Time for a start left running to connect.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(0u, (await Broker.QueueAsync(stack.Stack.Settings, SegmentStudyConsumerDefinition.QueueName)).Consumers);

        await stack.StartWorkerAsync();
        Assert.Equal(1u, (await Broker.QueueAsync(stack.Stack.Settings, SegmentStudyConsumerDefinition.QueueName)).Consumers);
        SegmentStudy command = stack.WriteFolderStudy("study-701", seed: 701);
        await stack.Events.SendAsync(command, CancellationToken.None);
        Assert.False((await stack.Events.SegmentedAsync(command.CorrelationId, 1, TimeSpan.FromSeconds(150)))[0].AlreadyExisted);
    }
}
