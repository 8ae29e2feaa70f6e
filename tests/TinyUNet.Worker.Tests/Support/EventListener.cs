using System.Collections.Concurrent;
using MassTransit;
using TinyUNet.Contracts;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>
/// A separate bus on the real broker, as a downstream service would run one: collects every StudySegmented and
/// StudySegmentationFailed, and sends commands to the worker's queue.
/// </summary>
public sealed class EventListener : IAsyncDisposable
{
    private readonly IBusControl bus;
    private readonly ConcurrentQueue<StudySegmented> segmented = new();
    private readonly ConcurrentQueue<StudySegmentationFailed> failed = new();

    private EventListener(IBusControl bus) => this.bus = bus;

    public static async Task<EventListener> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        EventListener? listener = null;
        IBusControl bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(settings["RabbitMq__Host"], ushort.Parse(settings["RabbitMq__Port"], System.Globalization.CultureInfo.InvariantCulture), "/", h =>
            {
                h.Username(settings["RabbitMq__Username"]);
                h.Password(settings["RabbitMq__Password"]);
            });
            cfg.ReceiveEndpoint("e2e-events-" + Guid.NewGuid().ToString("N"), e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<StudySegmented>(context => { listener!.segmented.Enqueue(context.Message); return Task.CompletedTask; });
                e.Handler<StudySegmentationFailed>(context => { listener!.failed.Enqueue(context.Message); return Task.CompletedTask; });
            });
        });
        listener = new EventListener(bus);
        await bus.StartAsync(cancellationToken);
        return listener;
    }

    public Task SendAsync(SegmentStudy command, CancellationToken cancellationToken) => SendAsync(command, null, cancellationToken);

    /// <summary>Sends with a RabbitMQ transport priority, as the senders do (SegmentStudy.Priority copied into it).</summary>
    public Task SendAsync(SegmentStudy command, byte? priority, CancellationToken cancellationToken) =>
        SendAsync(command, priority, messageId: null, cancellationToken);

    /// <summary>As above, with a MessageId of the test's choosing (the crash-loop ledger's key).</summary>
    public async Task SendAsync(SegmentStudy command, byte? priority, Guid? messageId, CancellationToken cancellationToken)
    {
        // The exchange, not "queue:": for a queue address MassTransit declares the queue itself, without the
        // x-max-priority argument, and RabbitMQ refuses that declaration of an existing priority queue.
        ISendEndpoint endpoint = await bus.GetSendEndpoint(SegmentStudyConsumerDefinition.SendAddress);
        await endpoint.Send(command, context =>
        {
            if (priority is { } p) context.SetPriority(p);
            if (messageId is { } id) context.MessageId = id;
        }, cancellationToken);
    }

    public IReadOnlyList<StudySegmentationFailed> AllFailed(Guid correlationId) => [.. failed.Where(e => e.CorrelationId == correlationId)];

    public Task<IReadOnlyList<StudySegmented>> SegmentedAsync(Guid correlationId, int count, TimeSpan timeout) =>
        WaitAsync(segmented, e => e.CorrelationId == correlationId, count, timeout);

    public Task<IReadOnlyList<StudySegmentationFailed>> FailedAsync(Guid correlationId, TimeSpan timeout) =>
        WaitAsync(failed, e => e.CorrelationId == correlationId, 1, timeout);

    public IReadOnlyList<StudySegmented> AllSegmented(Guid correlationId) => [.. segmented.Where(e => e.CorrelationId == correlationId)];

    private static async Task<IReadOnlyList<T>> WaitAsync<T>(ConcurrentQueue<T> queue, Func<T, bool> match, int count, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            List<T> found = [.. queue.Where(match)];
            if (found.Count >= count) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Got {found.Count} of {count} {typeof(T).Name} event(s) in {timeout.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
