namespace TinyUNet.Dicom.Reading;

/// <summary>
/// The reading stage as one call: discover headers under paths, group into series, select the best CT series
/// (geometry checked); pixels are decoded separately with <see cref="ReadHu"/> so selection stays cheap.
/// </summary>
public sealed class CtSeriesReader(DicomReadingOptions options)
{
    private readonly DicomDiscovery discovery = new(options);
    private readonly SeriesSelector selector = new(options);
    private readonly HuVolumeReader pixels = new(options);

    public CtSeriesReader() : this(new DicomReadingOptions()) { }

    /// <summary>Throws <see cref="NoSuitableSeriesException"/> when nothing under the paths can be segmented.</summary>
    public SeriesSelection Open(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        DiscoveryResult found = discovery.Discover(paths, cancellationToken);
        return selector.Select(SeriesGrouper.Group(found.Instances), found.Skipped);
    }

    /// <summary>
    /// The selection again without the slice <paramref name="refusal"/> names (it could not be decoded), geometry
    /// checked anew; throws that refusal, with why the rest cannot stand alone, when the series no longer passes.
    /// </summary>
    /// <exception cref="DicomReadException">The series without the slice fails the selection or geometry rules.</exception>
    public SeriesSelection Without(SeriesSelection selection, DicomReadException refusal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(refusal);
        cancellationToken.ThrowIfCancellationRequested();
        SeriesCandidate chosen = selection.ChosenCandidate;
        SeriesCandidate rest = chosen with
        {
            Instances = [.. chosen.Instances.Where(i => !string.Equals(i.FilePath, refusal.FilePath, StringComparison.Ordinal))],
        };
        if (rest.InstanceCount == chosen.InstanceCount) throw refusal; // not a slice of this series: nothing to leave out
        try
        {
            SeriesSelection again = selector.Select([rest]);
            return again with { Reason = selection.Reason, Skipped = selection.Skipped };
        }
        catch (NoSuitableSeriesException e)
        {
            string why = e.Skipped.Count > 0 ? e.Skipped[0].Reason : e.Message;
            throw new DicomReadException(refusal.FilePath, $"{refusal.Reason}; the series cannot be used without this slice ({why})", refusal);
        }
    }

    public HuVolume ReadHu(CtSeries series, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        pixels.Read(series, progress, cancellationToken);

    /// <summary>Decodes in slice order in the background, so the first slices can be used before the last are read.</summary>
    public HuDecoding StartHu(CtSeries series, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        pixels.Start(series, progress, cancellationToken);
}
