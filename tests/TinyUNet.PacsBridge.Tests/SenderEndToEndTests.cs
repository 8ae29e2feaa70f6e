using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TinyUNet.Contracts;
using TinyUNet.PacsBridge.Tests.Support;
using TinyUNet.Messaging;

namespace TinyUNet.PacsBridge.Tests;

/// <summary>The sender as the bridge and the CLI register it (DI extension, hosted bus), against the real broker.</summary>
[Collection(IngestStackCollection.Name)]
public sealed class SenderEndToEndTests(IngestStackFixture stack) : IAsyncLifetime
{
    private IHost? host;

    public async Task InitializeAsync()
    {
        await stack.Queue.PurgeAsync();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(stack.Configuration());
        builder.Services.AddSegmentStudySender();
        host = builder.Build();
        await host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (host is null) return;
        await host.StopAsync();
        host.Dispose();
    }

    [Theory]
    [InlineData(42, 9)]
    [InlineData(-3, 0)]
    [InlineData(StudyPriority.Reprocess, 1)]
    public async Task Send_Priority_ClampedIntoTransportPriority(int priority, byte expected)
    {
        SegmentStudy command = Command("1.2.3.77", priority);

        await host!.Services.GetRequiredService<ISegmentStudySender>().SendAsync(command, CancellationToken.None);

        QueuedCommand queued = Assert.Single(await stack.Queue.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal(expected, queued.TransportPriority);
        Assert.Equal(priority, queued.Priority);
        Assert.Equal(command.CorrelationId, queued.CorrelationId);
    }

    [Fact]
    public async Task Send_ToAConsumerDeclaredLikeTheWorker_IsConsumedWithItsPriority()
    {
        // The worker's receive endpoint declares "segment-study" with x-max-priority through MassTransit; the sender's
        // declaration must be equivalent or one of the two would be refused by RabbitMQ.
        var received = new ConcurrentQueue<(SegmentStudy Message, byte? Priority)>();
        var consumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IBusControl worker = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(stack.Stack.Settings["RabbitMq__Host"], ushort.Parse(stack.Stack.Settings["RabbitMq__Port"], System.Globalization.CultureInfo.InvariantCulture),
                "/", h =>
                {
                    h.Username(stack.Stack.Settings["RabbitMq__Username"]);
                    h.Password(stack.Stack.Settings["RabbitMq__Password"]);
                });
            cfg.ReceiveEndpoint(SegmentStudyQueue.Name, e =>
            {
                e.SetQueueArgument(SegmentStudyQueue.MaxPriorityArgument, StudyPriority.Max);
                e.Handler<SegmentStudy>(context =>
                {
                    received.Enqueue((context.Message,
                        context.TryGetPayload(out RabbitMqBasicConsumeContext? basic) ? basic.Properties.Priority : null));
                    consumed.TrySetResult();
                    return Task.CompletedTask;
                });
            });
        });
        await worker.StartAsync();
        try
        {
            SegmentStudy command = Command("1.2.3.78", StudyPriority.NewStudy);
            await host!.Services.GetRequiredService<ISegmentStudySender>().SendAsync(command, CancellationToken.None);

            await consumed.Task.WaitAsync(TimeSpan.FromSeconds(15));
            var (message, priority) = Assert.Single(received);
            Assert.Equal(command.CorrelationId, message.CorrelationId);
            Assert.Equal((byte)StudyPriority.NewStudy, priority);
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    private static SegmentStudy Command(string studyUid, int priority) => new()
    {
        CorrelationId = Guid.NewGuid(),
        StudyInstanceUid = studyUid,
        Source = StudySource.DicomWeb("http://pacs.example/dicom-web"),
        Priority = priority,
        Reason = SegmentationReason.Manual,
    };
}
