namespace TinyUNet.PacsBridge.Tests.Support;

/// <summary>A SegmentStudy as it sits on the queue: the command's fields and the AMQP priority RabbitMQ orders by.</summary>
public sealed record QueuedCommand(
    string StudyInstanceUid,
    string? SeriesInstanceUid,
    Guid CorrelationId,
    int Priority,
    string Reason,
    string? DicomWebBaseUrl,
    string? Path,
    byte TransportPriority);
