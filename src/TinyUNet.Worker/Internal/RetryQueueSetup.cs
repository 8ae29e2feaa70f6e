using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;
using TinyUNet.Messaging;
using TinyUNet.Worker.Configuration;

namespace TinyUNet.Worker.Internal;

/// <summary>
/// Declares the retry queues on start, before the bus takes studies, so they are there for the operator to see and a
/// queue someone made with other arguments stops the start with the reason. A broker not yet reachable does not: the
/// first redelivery declares them (<see cref="RetryQueueRedeliveryContext{TMessage}"/>), as MassTransit reconnects.
/// </summary>
internal sealed class RetryQueueSetup(SegmentStudyRetryQueueDeclarer declarer, IOptions<RetryOptions> retry, ILogger<RetryQueueSetup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<TimeSpan> pauses = retry.Value.RedeliveryIntervals();
        if (pauses.Count == 0) return;
        try
        {
            await declarer.EnsureDeclaredAsync(pauses, cancellationToken);
        }
        catch (BrokerUnreachableException e)
        {
            Log.RetryQueuesNotYetDeclared(logger, e.InnerException?.GetType().Name ?? e.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
