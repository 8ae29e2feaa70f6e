using System.Runtime.ExceptionServices;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// A series being decoded to HU in slice order, in the background: workers take the next slice in ascending order,
/// and <see cref="WaitFor"/> returns once every slice before a given index is ready, so a consumer (the model) can
/// start on the first slices while later ones are still being read. The first broken slice fails the whole decoding
/// with its <see cref="DicomReadException"/>, thrown by <see cref="WaitFor"/> and by <see cref="Completion"/>.
/// </summary>
public sealed class HuDecoding
{
    private readonly CtSeries series;
    private readonly DicomReadingOptions options;
    private readonly short[][] slices;
    private readonly bool[] ready;
    private readonly object gate = new(); // Monitor, not Lock: WaitFor waits on it for the next slice
    private readonly CancellationTokenSource stop;
    private int next = -1, readyPrefix, done;
    private ExceptionDispatchInfo? failure;
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

    private HuDecoding(CtSeries series, DicomReadingOptions options, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        this.series = series;
        this.options = options;
        int workers = options.EffectiveParallelism;
        slices = new short[series.Slices.Count][];
        ready = new bool[slices.Length];
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] running = Enumerable.Range(0, Math.Max(1, Math.Min(workers, slices.Length)))
            .Select(_ => Task.Run(() => Work(progress))).ToArray();
        Completion = Task.WhenAll(running).ContinueWith(_ => Finish(), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The whole volume, once every slice is decoded.</summary>
    public Task<HuVolume> Completion { get; }

    public int Count => slices.Length;

    /// <summary>From the start until the last slice was decoded (or decoding failed).</summary>
    public TimeSpan Duration { get; private set; }

    internal static HuDecoding Start(CtSeries series, DicomReadingOptions options, IProgress<int>? progress,
        CancellationToken cancellationToken) => new(series, options, progress, cancellationToken);

    /// <summary>Blocks until slices [0, <paramref name="count"/>) are decoded; returns them.</summary>
    public IReadOnlyList<short[]> WaitFor(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, slices.Length);
        lock (gate)
        {
            while (readyPrefix < count && failure is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // A timed wait, so cancellation is seen even if no slice finishes.
                Monitor.Wait(gate, TimeSpan.FromMilliseconds(200));
            }
            failure?.Throw();
        }
        return new ArraySegment<short[]>(slices, 0, count);
    }

    private void Work(IProgress<int>? progress)
    {
        while (!stop.IsCancellationRequested)
        {
            int i = Interlocked.Increment(ref next);
            if (i >= slices.Length) return;
            try
            {
                slices[i] = options.DecodeHu(series.Slices[i], series.Rows, series.Columns);
            }
            catch (Exception e)
            {
                lock (gate)
                {
                    failure ??= ExceptionDispatchInfo.Capture(e);
                    Monitor.PulseAll(gate);
                }
                stop.Cancel();
                return;
            }
            lock (gate)
            {
                ready[i] = true;
                while (readyPrefix < ready.Length && ready[readyPrefix]) readyPrefix++;
                Monitor.PulseAll(gate);
            }
            progress?.Report(Interlocked.Increment(ref done));
        }
    }

    private HuVolume Finish()
    {
        Duration = clock.Elapsed;
        stop.Dispose();
        failure?.Throw();
        if (readyPrefix < slices.Length) throw new OperationCanceledException("Decoding was cancelled.");
        return new HuVolume(series, slices);
    }
}
