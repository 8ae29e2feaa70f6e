using MassTransit;
using MassTransit.Configuration;

namespace TinyUNet.Worker.Internal;

/// <summary>
/// MassTransit's delayed redelivery (what UseDelayedRedelivery installs: the retry policy per level, the
/// MT-Redelivery-Count header, one Fault after the last level) with one part swapped: the message waits in a TTL retry
/// queue instead of the delayed-message exchange, which Debian's RabbitMQ lacks. Connected on creation, before
/// UseMessageRetry, so the immediate retries run inside each delivery, as with UseDelayedRedelivery.
/// </summary>
internal sealed class RetryQueueRedeliveryObserver(IConsumePipeConfigurator configurator, RetryQueueRedelivery redelivery,
    Action<IRedeliveryConfigurator> configure) : ScheduledRedeliveryConfigurationObserver(configurator, configure)
{
    protected override IRedeliveryPipeSpecification AddRedeliveryPipeSpecification<TMessage>(IConsumePipeConfigurator configurator)
    {
        var specification = new RetryQueueRedeliverySpecification<TMessage>(redelivery);
        configurator.AddPipeSpecification(specification);
        return specification;
    }
}
