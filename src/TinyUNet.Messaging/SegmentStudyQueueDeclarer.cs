using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using TinyUNet.Contracts;
using TinyUNet.Messaging.Internal;

namespace TinyUNet.Messaging;

/// <summary>
/// Declares queue "segment-study" exactly as the worker's receive endpoint does (durable, x-max-priority =
/// <see cref="StudyPriority.Max"/>, bound to the fanout exchange of the same name), once per process, so a command sent
/// before any worker ever started is queued rather than dropped by an exchange with no queue behind it.
/// </summary>
public sealed class SegmentStudyQueueDeclarer(IOptions<RabbitMqSettings> settings, ILogger<SegmentStudyQueueDeclarer> logger)
    : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool declared;

    public async Task EnsureDeclaredAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref declared)) return;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (declared) return;
            await DeclareAsync(cancellationToken);
            Volatile.Write(ref declared, true);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task DeclareAsync(CancellationToken cancellationToken)
    {
        ConnectionFactory factory = BrokerConnections.Factory(settings.Value, "tinyunet-queue-declarer");
        await using IConnection connection = await factory.CreateConnectionAsync(cancellationToken);
        await using IChannel channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(SegmentStudyQueue.Name, ExchangeType.Fanout, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclareAsync(SegmentStudyQueue.Name, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { [SegmentStudyQueue.MaxPriorityArgument] = StudyPriority.Max },
                cancellationToken: cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 406)
        {
            throw new InvalidOperationException(
                $"Queue {SegmentStudyQueue.Name} exists with other arguments (declared before it became a priority queue?): " +
                "delete it once, while empty, and let the worker or this sender declare it again.", e);
        }
        await channel.QueueBindAsync(SegmentStudyQueue.Name, SegmentStudyQueue.Name, routingKey: "",
            cancellationToken: cancellationToken);
        Log.QueueDeclared(logger, SegmentStudyQueue.Name, StudyPriority.Max);
    }

    public void Dispose() => gate.Dispose();
}
