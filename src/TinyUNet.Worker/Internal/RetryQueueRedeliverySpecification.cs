using MassTransit;
using MassTransit.Configuration;

namespace TinyUNet.Worker.Internal;

/// <summary>
/// The filter in front of MassTransit's redelivery retry filter: gives each delivery the
/// <see cref="RetryQueueRedeliveryContext{TMessage}"/> that filter schedules the redelivery with.
/// </summary>
internal sealed class RetryQueueRedeliverySpecification<TMessage>(RetryQueueRedelivery redelivery) :
    IPipeSpecification<ConsumeContext<TMessage>>, IRedeliveryPipeSpecification, IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public RedeliveryOptions Options { get; set; }

    public void Apply(IPipeBuilder<ConsumeContext<TMessage>> builder) => builder.AddFilter(this);

    public IEnumerable<ValidationResult> Validate()
    {
        if (redelivery.Pauses.Count == 0) yield return this.Failure("Pauses", "at least one retry queue is needed");
    }

    public Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        context.GetOrAddPayload<MessageRedeliveryContext>(() => new RetryQueueRedeliveryContext<TMessage>(context, redelivery, Options));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("retryQueueRedelivery");
}
