namespace TinyUNet.Dicom.Reading;

/// <summary>
/// No series under the given paths passed the selection rules. Permanent: retrying the same input cannot help.
/// <see cref="Skipped"/> says why each series was passed over; <see cref="SkippedFiles"/> lists unreadable files.
/// </summary>
public sealed class NoSuitableSeriesException(
    string message, IReadOnlyList<SkippedSeries> skipped, IReadOnlyList<SkippedFile> skippedFiles) : Exception(message)
{
    public IReadOnlyList<SkippedSeries> Skipped { get; } = skipped;
    public IReadOnlyList<SkippedFile> SkippedFiles { get; } = skippedFiles;
}
