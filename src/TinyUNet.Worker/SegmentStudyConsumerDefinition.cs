using TinyUNet.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;
using TinyUNet.Contracts;
using TinyUNet.Worker.Configuration;
using TinyUNet.Worker.Retrieval;

namespace TinyUNet.Worker;

/// <summary>
/// Queue "segment-study": as many studies at once as devices × studies per device; transient failures retried with
/// exponential back-off, then with longer pauses (the "redeliveries"). All of it runs in the worker, the message
/// unacknowledged meanwhile, because Debian's RabbitMQ has no delayed-message exchange, which MassTransit's delayed
/// redelivery needs. Permanent failures skip it and fault straight into "segment-study_error". The queue is a
/// priority queue (x-max-priority = <see cref="StudyPriority.Max"/>): of the waiting commands, RabbitMQ hands out the
/// one sent with the highest transport priority first. RabbitMQ refuses to redeclare an existing queue with other
/// arguments, so a queue made before this must be deleted once on upgrade (see the README).
/// </summary>
public sealed class SegmentStudyConsumerDefinition : ConsumerDefinition<SegmentStudyConsumer>
{
    public const string QueueName = SegmentStudyQueue.Name;

    /// <summary>
    /// Where senders send commands: the exchange MassTransit binds to the queue. Not "queue:segment-study", for which
    /// MassTransit declares the queue without x-max-priority and RabbitMQ, refusing the mismatch, closes the channel.
    /// </summary>
    public static readonly Uri SendAddress = new("exchange:" + QueueName);
    private readonly RetryOptions retry;

    public SegmentStudyConsumerDefinition(IOptions<DeviceOptions> device, IOptions<RetryOptions> retry)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(retry);
        this.retry = retry.Value;
        EndpointName = QueueName;
        ConcurrentMessageLimit = device.Value.ConcurrentStudies;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SegmentStudyConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.EnablePriority(StudyPriority.Max);
        // Prefetch no more than we run: a waiting study should stay on the queue for another worker.
        endpointConfigurator.PrefetchCount = ConcurrentMessageLimit ?? 1;
        // One retry filter holding the whole schedule, so attempts and pauses are exactly RetryOptions.Intervals().
        TimeSpan[] intervals = [.. retry.Intervals()];
        if (intervals.Length == 0) return;
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Intervals(intervals);
            r.Ignore<PermanentSegmentationException>();
        });
    }
}
