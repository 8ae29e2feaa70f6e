using MassTransit;
using TinyUNet.Contracts;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>
/// A separate bus on the real broker, as a downstream service would run one: collects every StudySegmented and
/// StudySegmentationFailed, and sends commands to the worker's queue. Its queue is handled one message at a time, in
/// order, so <see cref="SettledAsync"/> can tell when everything the broker had routed to it has been seen.
/// </summary>
public sealed class EventListener : IAsyncDisposable
{
    private readonly IBusControl bus;
    private readonly Uri inputAddress;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly LockedList<StudySegmented> segmented = new();
    private readonly LockedList<StudySegmentationFailed> failed = new();
    private readonly LockedList<Guid> probes = new();

    private EventListener(IBusControl bus, Uri inputAddress, IReadOnlyDictionary<string, string> settings) =>
        (this.bus, this.inputAddress, this.settings) = (bus, inputAddress, settings);

    /// <summary>A message the listener sends to its own queue: handled, it shows that everything queued before it was.</summary>
    public sealed record Probe(Guid Id);

    public static async Task<EventListener> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        EventListener? listener = null;
        Uri? inputAddress = null;
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
                // One at a time in queue order: a probe handled means every event queued before it was handled.
                e.PrefetchCount = 1;
                e.ConcurrentMessageLimit = 1;
                inputAddress = e.InputAddress;
                e.Handler<StudySegmented>(context => { listener!.segmented.Add(context.Message); return Task.CompletedTask; });
                e.Handler<StudySegmentationFailed>(context => { listener!.failed.Add(context.Message); return Task.CompletedTask; });
                e.Handler<Probe>(context => { listener!.probes.Add(context.Message.Id); return Task.CompletedTask; });
            });
        });
        listener = new EventListener(bus, inputAddress!, settings);
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

    /// <summary>
    /// Waits until every event the broker had taken for this listener before the call has been handled: a probe sent
    /// to the listener's own queue now comes after them (the worker publishes with confirms, so an event it has
    /// published is already queued) and the queue is handled in order. Then "no other event came" can be asserted.
    /// </summary>
    public async Task SettledAsync(TimeSpan timeout)
    {
        var probe = new Probe(Guid.NewGuid());
        ISendEndpoint self = await bus.GetSendEndpoint(inputAddress);
        await self.Send(probe);
        await probes.WaitUntilAsync(all => all.Contains(probe.Id), timeout);
    }

    private async Task<IReadOnlyList<T>> WaitAsync<T>(LockedList<T> events, Func<T, bool> match, int count, TimeSpan timeout)
    {
        try
        {
            return [.. (await events.WaitUntilAsync(all => all.Count(match) >= count, timeout)).Where(match)];
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Got {events.Count(match)} of {count} {typeof(T).Name} event(s) in {timeout.TotalSeconds} s. " +
                await WorkerQueuesAsync());
        }
    }

    /// <summary>What the broker says of the worker's queues, for a timeout's message: who consumes, what waits where.</summary>
    private async Task<string> WorkerQueuesAsync()
    {
        var states = new List<string>();
        foreach (string queue in new[] { SegmentStudyConsumerDefinition.QueueName, SegmentStudyConsumerDefinition.QueueName + "_error" })
        {
            try
            {
                (uint ready, uint consumers) = await Broker.QueueAsync(settings, queue);
                states.Add($"{queue}: {ready} ready, {consumers} consumer(s)");
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.BrokerUnreachableException)
            {
                states.Add($"{queue}: {e.GetType().Name}");
            }
        }
        return "Broker: " + string.Join("; ", states) + ".";
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
