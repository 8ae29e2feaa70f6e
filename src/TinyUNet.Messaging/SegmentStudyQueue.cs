using TinyUNet.Contracts;

namespace TinyUNet.Messaging;

/// <summary>
/// The worker's queue as RabbitMQ must see it. Every party that declares it declares it identically (RabbitMQ refuses a
/// redeclaration with other arguments): durable, bound to the fanout exchange of the same name (MassTransit's layout),
/// and a priority queue up to <see cref="StudyPriority.Max"/>.
/// </summary>
public static class SegmentStudyQueue
{
    public const string Name = "segment-study";
    public const string MaxPriorityArgument = "x-max-priority";

    /// <summary>SegmentStudy.Priority clamped to what the queue honours (0..<see cref="StudyPriority.Max"/>).</summary>
    public static byte TransportPriority(int priority) => (byte)Math.Clamp(priority, 0, StudyPriority.Max);
}
