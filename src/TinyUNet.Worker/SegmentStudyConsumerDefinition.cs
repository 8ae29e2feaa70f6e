using TinyUNet.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;
using TinyUNet.Contracts;
using TinyUNet.Worker.Configuration;
using TinyUNet.Worker.Internal;
using TinyUNet.Worker.Retrieval;

namespace TinyUNet.Worker;

/// <summary>
/// Queue "segment-study": as many studies at once as devices × studies per device. A transient failure is retried in
/// the worker with exponential back-off; once those retries are used up the message is moved to a TTL retry queue
/// (<see cref="SegmentStudyRetryQueues"/>, one per pause) and acknowledged, so the slot takes other studies while it
/// waits, and RabbitMQ dead-letters it back to "segment-study" when the pause is over. After the last level it faults
/// into "segment-study_error". Permanent failures skip all of it. The queue is a priority queue (x-max-priority =
/// <see cref="StudyPriority.Max"/>): of the waiting commands, RabbitMQ hands out the one sent with the highest
/// transport priority first, redelivered ones included. RabbitMQ refuses to redeclare an existing queue with other
/// arguments, so a queue made before it became one must be deleted once on upgrade (see the README).
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
    private readonly SegmentStudyRetryQueueDeclarer retryQueues;
    private readonly CrashLoopGuard guard;

    public SegmentStudyConsumerDefinition(IOptions<DeviceOptions> device, IOptions<RetryOptions> retry,
        SegmentStudyRetryQueueDeclarer retryQueues, CrashLoopGuard guard)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(retry);
        this.retry = retry.Value;
        this.retryQueues = retryQueues;
        this.guard = guard;
        EndpointName = QueueName;
        ConcurrentMessageLimit = device.Value.ConcurrentStudies;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SegmentStudyConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.EnablePriority(StudyPriority.Max);
        // Prefetch no more than we run: a waiting study should stay on the queue for another worker.
        endpointConfigurator.PrefetchCount = ConcurrentMessageLimit ?? 1;
        // Outer first: the broker redelivery's policy sees a failure only once the immediate retries are used up.
        IReadOnlyList<TimeSpan> pauses = retry.RedeliveryIntervals();
        if (pauses.Count > 0)
        {
            // A delivery moved to a retry queue ended in a way this worker survived: the crash-loop count forgets it.
            var redelivery = new RetryQueueRedelivery(pauses, retryQueues,
                moved => moved is ConsumeContext<SegmentStudy> study ? guard.FinishAsync(study) : Task.CompletedTask);
            _ = new RetryQueueRedeliveryObserver(endpointConfigurator, redelivery, r =>
            {
                r.Intervals([.. pauses]);
                r.Ignore<PermanentSegmentationException>();
            });
        }
        IReadOnlyList<TimeSpan> immediate = retry.ImmediateIntervals();
        if (immediate.Count == 0) return;
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Intervals([.. immediate]);
            r.Ignore<PermanentSegmentationException>();
        });
    }
}
