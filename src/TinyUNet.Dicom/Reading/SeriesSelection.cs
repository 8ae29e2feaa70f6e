namespace TinyUNet.Dicom.Reading;

/// <summary>
/// The outcome of series selection: the chosen series (geometry already checked), why it won, and why every
/// other candidate was skipped.
/// </summary>
public sealed record SeriesSelection(
    CtSeries Chosen,
    SeriesCandidate ChosenCandidate,
    string Reason,
    IReadOnlyList<SkippedSeries> Skipped);
