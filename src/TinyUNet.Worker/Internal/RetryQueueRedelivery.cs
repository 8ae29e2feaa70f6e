using MassTransit;
using TinyUNet.Messaging;

namespace TinyUNet.Worker.Internal;

/// <summary>
/// Where the worker's redeliveries wait: one <see cref="SegmentStudyRetryQueues"/> queue per pause, declared by
/// <paramref name="Declarer"/>; <paramref name="Moved"/> runs once a delivery's message waits there (acknowledged next).
/// </summary>
internal sealed record RetryQueueRedelivery(IReadOnlyList<TimeSpan> Pauses, SegmentStudyRetryQueueDeclarer Declarer,
    Func<ConsumeContext, Task> Moved);
