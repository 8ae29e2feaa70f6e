namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Decodes a series' slices to a <see cref="HuVolume"/> in parallel (in decoder child processes unless
/// <see cref="DicomReadingOptions.IsolateGdcm"/> is off). Reports slices done through <see cref="IProgress{T}"/>;
/// a broken slice fails the volume with the <see cref="DicomReadException"/> that names its file (a volume with a
/// hole is no use to the model).
/// </summary>
public sealed class HuVolumeReader(DicomReadingOptions options)
{
    public HuVolumeReader() : this(new DicomReadingOptions()) { }

    public HuVolume Read(CtSeries series, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Start(series, progress, cancellationToken).Completion.GetAwaiter().GetResult();

    /// <summary>Starts decoding in slice order in the background (see <see cref="HuDecoding"/>).</summary>
    public HuDecoding Start(CtSeries series, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        return HuDecoding.Start(series, options, progress, cancellationToken);
    }

    /// <summary>One slice in HU, for readers that need a few slices of a series rather than all of it.</summary>
    public short[] ReadSlice(CtSeries series, int index)
    {
        ArgumentNullException.ThrowIfNull(series);
        return options.DecodeHu(series.Slices[index], series.Rows, series.Columns);
    }

    /// <summary>Async wrapper for callers on a request path; decoding itself is CPU-bound.</summary>
    public Task<HuVolume> ReadAsync(CtSeries series, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Read(series, progress, cancellationToken), cancellationToken);
}
