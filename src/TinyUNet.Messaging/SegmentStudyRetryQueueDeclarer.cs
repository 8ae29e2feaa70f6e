using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using TinyUNet.Messaging.Internal;

namespace TinyUNet.Messaging;

/// <summary>
/// Declares the <see cref="SegmentStudyRetryQueues"/> for the given pauses (exchange, queue with x-message-ttl and
/// x-dead-letter-exchange = "segment-study", binding), each once per process. RabbitMQ.Client rather than MassTransit:
/// MassTransit would declare a "queue:" address without those arguments, and RabbitMQ refuses the mismatch.
/// </summary>
public sealed class SegmentStudyRetryQueueDeclarer(IOptions<RabbitMqSettings> settings, ILogger<SegmentStudyRetryQueueDeclarer> logger)
    : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly HashSet<string> declared = [];

    public async Task EnsureDeclaredAsync(IReadOnlyCollection<TimeSpan> pauses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        await gate.WaitAsync(cancellationToken);
        try
        {
            TimeSpan[] missing = [.. pauses.Where(p => !declared.Contains(SegmentStudyRetryQueues.Name(p)))];
            if (missing.Length == 0) return;
            await DeclareAsync(missing, cancellationToken);
            foreach (TimeSpan pause in missing) declared.Add(SegmentStudyRetryQueues.Name(pause));
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task DeclareAsync(IEnumerable<TimeSpan> pauses, CancellationToken cancellationToken)
    {
        ConnectionFactory factory = BrokerConnections.Factory(settings.Value, "tinyunet-retry-queue-declarer");
        await using IConnection connection = await factory.CreateConnectionAsync(cancellationToken);
        foreach (TimeSpan pause in pauses)
        {
            if (!SegmentStudyRetryQueues.IsValidPause(pause))
                throw new ArgumentOutOfRangeException(nameof(pauses), pause, "A retry pause must be 1 ms to 24.8 days.");
            string name = SegmentStudyRetryQueues.Name(pause);
            // A channel per queue: a refused declaration closes its channel.
            await using IChannel channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            // As MassTransit declares an "exchange:" address it sends to: durable fanout.
            await channel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            try
            {
                await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false,
                    arguments: SegmentStudyRetryQueues.Arguments(pause), cancellationToken: cancellationToken);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 406)
            {
                throw new InvalidOperationException(
                    $"Queue {name} exists with other arguments (made by hand?): delete it once, while empty, and let the worker declare it again.", e);
            }
            await channel.QueueBindAsync(name, name, routingKey: "", cancellationToken: cancellationToken);
            Log.RetryQueueDeclared(logger, name, SegmentStudyRetryQueues.TtlMilliseconds(pause), SegmentStudyQueue.Name);
        }
    }

    public void Dispose() => gate.Dispose();
}
