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

    public HuVolume ReadHu(CtSeries series, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        pixels.Read(series, progress, cancellationToken);

    /// <summary>Decodes in slice order in the background, so the first slices can be used before the last are read.</summary>
    public HuDecoding StartHu(CtSeries series, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        pixels.Start(series, progress, cancellationToken);
}
