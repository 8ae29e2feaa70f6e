namespace TinyUNet.Contracts;

/// <summary>
/// Event: a study could not be segmented. <see cref="Permanent"/> failures (no CT series, unreadable DICOM, rejected
/// geometry or source) will not succeed on retry; the command is in the error queue with the same reason.
/// </summary>
public sealed record StudySegmentationFailed
{
    public required Guid CorrelationId { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string Reason { get; init; }
    public required bool Permanent { get; init; }
}
