using MassTransit;
using MassTransit.Serialization;
using RabbitMQ.Client;
using TinyUNet.Messaging;

namespace TinyUNet.Worker.Internal;

/// <summary>
/// Moves a delivery to the retry queue of the pause MassTransit's redelivery policy chose, as MassTransit's own delayed
/// redelivery forwards it: the same body, MessageId and headers, MT-Redelivery-Count raised by one; plus the transport
/// priority, which forwarding does not carry and the priority queue orders by. The original is acknowledged after this
/// returns, so the consumer slot is free while the message waits on the broker.
/// </summary>
internal sealed class RetryQueueRedeliveryContext<TMessage>(ConsumeContext<TMessage> context, RetryQueueRedelivery redelivery,
    RedeliveryOptions options) : MessageRedeliveryContext
    where TMessage : class
{
    public async Task ScheduleRedelivery(TimeSpan delay, Action<ConsumeContext, SendContext>? callback = null)
    {
        // A pause without a declared queue would go to an exchange with nothing bound: the message would be lost.
        if (!redelivery.Pauses.Contains(delay))
            throw new InvalidOperationException($"No retry queue for a pause of {delay}.");
        await redelivery.Declarer.EnsureDeclaredAsync(redelivery.Pauses, context.CancellationToken);
        byte? priority = context.ReceiveContext.TryGetPayload(out RabbitMqBasicConsumeContext? rabbit)
            && rabbit?.Properties is { } properties && properties.IsPriorityPresent() ? properties.Priority : null;
        IPipe<SendContext<TMessage>> pipe = Pipe.Execute<SendContext<TMessage>>(send =>
        {
            send.ApplyRedeliveryOptions(context, options);
            // RabbitMQ's own dead-letter history (x-death, x-first-death-…): the broker writes it, a copy would not be its table.
            foreach (KeyValuePair<string, object> header in context.Headers.GetAll())
                if (header.Key.StartsWith("x-", StringComparison.Ordinal) && header.Key.Contains("death", StringComparison.Ordinal))
                    send.Headers.Set(header.Key, null);
            if (priority is { } p) send.SetPriority(p);
            callback?.Invoke(context, send);
        });
        ISendEndpoint endpoint = await context.GetSendEndpoint(SegmentStudyRetryQueues.SendAddress(delay));
        await endpoint.Send(context.Message, new ForwardMessagePipe<TMessage>(context, pipe), context.CancellationToken);
        await redelivery.Moved(context);
    }
}
