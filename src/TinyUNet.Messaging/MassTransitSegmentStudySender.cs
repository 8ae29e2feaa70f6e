using MassTransit;
using Microsoft.Extensions.Logging;
using TinyUNet.Contracts;
using TinyUNet.Messaging.Internal;

namespace TinyUNet.Messaging;

/// <summary>
/// Sends through MassTransit to the exchange "segment-study", after <see cref="SegmentStudyQueueDeclarer"/> has made sure
/// the queue exists, is bound to it and is a priority queue. Not "queue:segment-study": MassTransit would declare the
/// queue without x-max-priority, and RabbitMQ refuses that against the worker's priority queue (PRECONDITION_FAILED).
/// The command's Priority goes into the AMQP priority property, which is what RabbitMQ orders the queue by.
/// </summary>
public sealed class MassTransitSegmentStudySender(IBus endpoints, SegmentStudyQueueDeclarer declarer,
    ILogger<MassTransitSegmentStudySender> logger) : ISegmentStudySender
{
    private static readonly Uri Exchange = new("exchange:" + SegmentStudyQueue.Name);

    public async Task SendAsync(SegmentStudy command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await declarer.EnsureDeclaredAsync(cancellationToken);
        byte priority = SegmentStudyQueue.TransportPriority(command.Priority);
        ISendEndpoint endpoint = await endpoints.GetSendEndpoint(Exchange);
        // Publisher confirms are on (MassTransit's default for RabbitMQ): this returns once the broker has the message.
        await endpoint.Send(command, context => context.SetPriority(priority), cancellationToken);
        Log.Sent(logger, command.StudyInstanceUid, command.CorrelationId, priority, command.Reason.ToString());
    }
}
