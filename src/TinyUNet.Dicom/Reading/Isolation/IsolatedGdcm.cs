using System.Collections.Concurrent;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Runs GDCM in child processes (<see cref="DecoderChild"/>), header reads and pixel decoding alike, so that a file on
/// which GDCM aborts fails that file with a <see cref="DicomReadException"/> instead of ending this process and every
/// study in it. Children are
/// pooled for the life of the process: each caller thread borrows one, so as many decode at once as threads ask; a
/// child that died on a file is replaced by a fresh one on the next request. Children exit when this process does
/// (their stdin closes).
/// </summary>
public sealed class IsolatedGdcm : IDisposable
{
    private readonly ConcurrentBag<DecoderProcess> idle = [];
    private readonly Lazy<DecoderLocation> location = new(DecoderLocation.Find);
    private readonly int maxIdle;
    private bool disposed;

    /// <param name="maxIdle">Children kept waiting between requests; more are started when more threads decode at once.</param>
    public IsolatedGdcm(int maxIdle) => this.maxIdle = Math.Max(1, maxIdle);

    /// <summary>The process-wide pool, for callers that do not manage their own.</summary>
    public static IsolatedGdcm Shared { get; } = new(Environment.ProcessorCount);

    /// <param name="timeout">Longest the file may take before its child is stopped and the file refused.</param>
    /// <exception cref="DicomReadException">The file is broken, refused, crashed the decoder or took too long.</exception>
    /// <exception cref="DecoderUnavailableException">No decoder child can be started (an installation fault).</exception>
    public DicomInstance ReadHeader(string path, TimeSpan timeout) => WithChild(timeout, child => child.ReadHeader(path, timeout));

    /// <param name="timeout">Longest the file may take before its child is stopped and the file refused.</param>
    /// <exception cref="DicomReadException">The file is broken, unsupported, crashed the decoder or took too long.</exception>
    /// <exception cref="DecoderUnavailableException">No decoder child can be started (an installation fault).</exception>
    public short[] DecodeHu(CtSlice slice, int rows, int columns, TimeSpan timeout) =>
        WithChild(timeout, child => child.Decode(slice, rows, columns, timeout));

    private T WithChild<T>(TimeSpan timeout, Func<DecoderProcess, T> work)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        DecoderProcess child = TakeOrStart();
        try
        {
            return work(child);
        }
        finally
        {
            Return(child);
        }
    }

    /// <summary>
    /// Fills the pool: starts children until as many wait idle as it keeps, so an installation without a working decoder
    /// is found at start-up and the first study does not wait for its decoders to start (about 0.1–0.3 s each).
    /// </summary>
    /// <exception cref="DecoderUnavailableException">A decoder child cannot be started.</exception>
    public void Warm()
    {
        var children = new List<DecoderProcess>();
        try
        {
            while (children.Count < maxIdle) children.Add(TakeOrStart());
        }
        finally
        {
            children.ForEach(Return);
        }
    }

    /// <summary>Children waiting for work.</summary>
    internal int IdleChildren => idle.Count;

    /// <summary>A waiting child that is still alive (one that died idle must not be blamed on the next file), or a new one.</summary>
    private DecoderProcess TakeOrStart()
    {
        while (idle.TryTake(out DecoderProcess? waiting))
        {
            if (waiting.IsAlive) return waiting;
            waiting.Dispose();
        }
        return DecoderProcess.Start(location.Value, StartTimeout);
    }

    // A cold start loads the runtime and GDCM: seconds on a loaded machine, not minutes.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private void Return(DecoderProcess child)
    {
        if (child.IsAlive && !disposed && idle.Count < maxIdle) idle.Add(child);
        else child.Dispose();
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out DecoderProcess? child)) child.Dispose();
    }
}
