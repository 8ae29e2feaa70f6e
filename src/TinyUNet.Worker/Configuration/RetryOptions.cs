using TinyUNet.Hosting;
using TinyUNet.Messaging;

namespace TinyUNet.Worker.Configuration;

/// <summary>
/// Transient failures (PACS or database unreachable, timeouts): quick retries with exponential back-off inside the
/// worker, then longer pauses (the "redeliveries") spent on the broker, in a TTL queue per pause
/// (<see cref="SegmentStudyRetryQueues"/>), so the worker's slot takes other studies meanwhile. Each redelivery is a
/// new delivery and gets the quick retries again. Permanent failures skip both.
/// </summary>
public sealed class RetryOptions : IValidatedOptions
{
    public const string Section = "Retry";

    public int ImmediateRetries { get; set; } = 5;
    public double MinIntervalSeconds { get; set; } = 1;
    public double MaxIntervalSeconds { get; set; } = 30;
    /// <summary>Redeliveries through the broker after the immediate retries are used up; pauses double from the first.</summary>
    public int Redeliveries { get; set; } = 3;
    public double RedeliveryIntervalSeconds { get; set; } = 60;

    /// <summary>The in-process pauses of one delivery: doubling from the minimum, capped at the maximum.</summary>
    public IReadOnlyList<TimeSpan> ImmediateIntervals() =>
    [
        .. Enumerable.Range(0, ImmediateRetries)
            .Select(i => TimeSpan.FromSeconds(Math.Min(MaxIntervalSeconds, MinIntervalSeconds * Math.Pow(2, i)))),
    ];

    /// <summary>The broker pauses, one per redelivery level (and one retry queue each).</summary>
    public IReadOnlyList<TimeSpan> RedeliveryIntervals() =>
        [.. Enumerable.Range(0, Redeliveries).Select(i => TimeSpan.FromSeconds(RedeliveryIntervalSeconds * Math.Pow(2, i)))];

    public IEnumerable<string> Validate()
    {
        if (ImmediateRetries is < 0 or > 100) yield return $"{Section}:ImmediateRetries must be 0–100.";
        if (!(MinIntervalSeconds > 0) || !(MaxIntervalSeconds >= MinIntervalSeconds))
            yield return $"{Section}: need 0 < MinIntervalSeconds ≤ MaxIntervalSeconds.";
        if (Redeliveries is < 0 or > 20) yield return $"{Section}:Redeliveries must be 0–20.";
        // A retry queue's TTL is whole milliseconds (SegmentStudyRetryQueues.IsValidPause): 1 ms to int.MaxValue ms.
        else if (Redeliveries > 0 && (!(RedeliveryIntervalSeconds >= 0.001)
                 || !(RedeliveryIntervalSeconds * Math.Pow(2, Redeliveries - 1) <= int.MaxValue / 1000.0)))
            yield return $"{Section}: every redelivery pause (RedeliveryIntervalSeconds, doubled per level) must be 1 ms to 24.8 days.";
    }
}
