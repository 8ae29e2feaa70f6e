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
    /// <summary>0 to <see cref="StudyPriority.Max"/>, higher is more urgent (values in <see cref="StudyPriority"/>).</summary>
    public int Priority { get; init; } = StudyPriority.NewStudy;
    public SegmentationReason Reason { get; init; } = SegmentationReason.NewStudy;
}
