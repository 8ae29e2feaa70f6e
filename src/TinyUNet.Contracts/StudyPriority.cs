namespace TinyUNet.Contracts;

/// <summary>
/// <see cref="SegmentStudy.Priority"/> values, 0 (least urgent) to <see cref="Max"/>. The queue is a RabbitMQ priority
/// queue (x-max-priority = <see cref="Max"/>) and senders copy the value into the transport priority, so waiting
/// studies are taken most urgent first: the nightly reprocessing never holds up a new study.
/// </summary>
public static class StudyPriority
{
    public const int Reprocess = 1;
    public const int NewStudy = 5;
    public const int Manual = 7;
    public const int Max = 9;
}
