using TinyUNet.Contracts;

namespace TinyUNet.Storage;

/// <summary>
/// A successful run as stored. <see cref="AlreadyExisted"/>: the series had a result for this model before (a
/// duplicate or redelivered command), and this is that earlier run.
/// </summary>
public sealed record StoredRun(
    Guid RunId,
    string SeriesInstanceUid,
    string SegSeriesInstanceUid,
    string SegSopInstanceUid,
    string SegLocation,
    StoredTotals Totals,
    bool AlreadyExisted)
{
    /// <summary>Whether the series showed any lung; runs stored before the finding existed read as found.</summary>
    public LungFinding Finding { get; init; } = LungFinding.LungFound;
}
