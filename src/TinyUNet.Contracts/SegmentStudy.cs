namespace TinyUNet.Contracts;

/// <summary>
/// Command: segment the CT of one study. Carries identifiers and a location only, never pixels. Add fields only;
/// never rename or remove (senders and the worker upgrade independently).
/// </summary>
public sealed record SegmentStudy
{
    public required Guid CorrelationId { get; init; }
    public required string StudyInstanceUid { get; init; }
    /// <summary>The series to segment; when absent the worker picks the most suitable CT series of the study.</summary>
    public string? SeriesInstanceUid { get; init; }
    public required StudySource Source { get; init; }
    /// <summary>
    /// 0 is normal, higher is more urgent. Carried for senders and future use: the queue does not reorder by it yet
    /// (that needs a priority queue, x-max-priority, and senders setting the transport priority).
    /// </summary>
    public int Priority { get; init; }
    public SegmentationReason Reason { get; init; } = SegmentationReason.NewStudy;
}
