using System.Runtime.ExceptionServices;

namespace TinyUNet.Model;

/// <summary>
/// Runs one piece of work on several threads at once — the caller's thread and <c>lanes − 1</c> dedicated ones, so a
/// study's inference (or <see cref="InferenceBenchmark"/>) does not hold thread-pool threads for its whole length — and
/// returns when every thread has. The
/// first failure cancels the token the others see and is rethrown as itself (a decoding error stays a
/// <c>DicomReadException</c>, not an AggregateException).
/// </summary>
public static class InferenceLanes
{
    public static void Run(int lanes, Action<CancellationToken> work, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ExceptionDispatchInfo? failure = null;
        void Lane()
        {
            try
            {
                work(stop.Token);
            }
            catch (Exception e)
            {
                // Kept before the others are stopped, so their cancellations never win over the cause.
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                stop.Cancel();
            }
        }
        var threads = Enumerable.Range(1, lanes - 1)
            .Select(i => new Thread(Lane) { IsBackground = true, Name = $"inference lane {i}" })
            .ToList();
        threads.ForEach(t => t.Start());
        Lane();
        threads.ForEach(t => t.Join());
        failure?.Throw();
    }
}
