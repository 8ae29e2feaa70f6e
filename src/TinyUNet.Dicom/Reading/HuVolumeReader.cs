namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Decodes a series' slices to a <see cref="HuVolume"/> in parallel, one GDCM reader per slice and thread.
/// Reports slices done through <see cref="IProgress{T}"/>; a broken slice fails the volume with the
/// <see cref="DicomReadException"/> that names its file (a volume with a hole is no use to the model).
/// </summary>
public sealed class HuVolumeReader(DicomReadingOptions options)
{
    public HuVolumeReader() : this(new DicomReadingOptions()) { }

    public HuVolume Read(CtSeries series, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var slices = new float[series.Slices.Count][];
        int done = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.EffectiveParallelism,
            CancellationToken = cancellationToken,
        };
        try
        {
            Parallel.For(0, slices.Length, parallel, (i, state) =>
            {
                if (state.ShouldExitCurrentIteration) return;
                slices[i] = GdcmSliceDecoder.DecodeHu(series.Slices[i], series.Rows, series.Columns);
                progress?.Report(Interlocked.Increment(ref done));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<DicomReadException>().FirstOrDefault() is { } first)
        {
            // Surface the typed error itself: callers classify failures by type, not by AggregateException.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
        return new HuVolume(series, slices);
    }

    /// <summary>Starts decoding in slice order in the background (see <see cref="HuDecoding"/>).</summary>
    public HuDecoding Start(CtSeries series, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        return HuDecoding.Start(series, options.EffectiveParallelism, progress, cancellationToken);
    }

    /// <summary>One slice in HU, for readers that need a few slices of a series rather than all of it.</summary>
    public float[] ReadSlice(CtSeries series, int index)
    {
        ArgumentNullException.ThrowIfNull(series);
        return GdcmSliceDecoder.DecodeHu(series.Slices[index], series.Rows, series.Columns);
    }

    /// <summary>Async wrapper for callers on a request path; decoding itself is CPU-bound.</summary>
    public Task<HuVolume> ReadAsync(CtSeries series, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Read(series, progress, cancellationToken), cancellationToken);
}
