namespace TinyUNet.Storage;

/// <summary>
/// One study to send again, with the run it was selected by and that run's source. A run stored before sources were
/// recorded has neither <see cref="SourceDicomWebUrl"/> nor <see cref="SourcePath"/>: it cannot be sent again.
/// </summary>
public sealed record ReprocessCandidate(
    string StudyInstanceUid,
    string? SeriesInstanceUid,
    Guid RunId,
    string Status,
    bool? Permanent,
    string ModelName,
    string ModelSha256,
    string? SourceDicomWebUrl,
    string? SourcePath,
    DateOnly? StudyDate,
    DateTimeOffset RunStartedAt)
{
    public bool HasSource => !string.IsNullOrEmpty(SourceDicomWebUrl) || !string.IsNullOrEmpty(SourcePath);
}
