using TinyUNet.Hosting;

namespace TinyUNet.Worker.Configuration;

/// <summary>
/// Transient failures (PACS or database unreachable, timeouts): quick retries with exponential back-off, then a
/// second level of longer pauses. Both run in the worker: Debian's RabbitMQ has no delayed-message exchange, which
/// MassTransit's delayed redelivery needs. Permanent failures skip both.
/// </summary>
public sealed class RetryOptions : IValidatedOptions
{
    public const string Section = "Retry";

    public int ImmediateRetries { get; set; } = 5;
    public double MinIntervalSeconds { get; set; } = 1;
    public double MaxIntervalSeconds { get; set; } = 30;
    /// <summary>Second-level attempts after the immediate ones are used up; pauses double from the first.</summary>
    public int Redeliveries { get; set; } = 3;
    public double RedeliveryIntervalSeconds { get; set; } = 60;

    public IEnumerable<TimeSpan> RedeliveryIntervals() =>
        Enumerable.Range(0, Redeliveries).Select(i => TimeSpan.FromSeconds(RedeliveryIntervalSeconds * Math.Pow(2, i)));

    /// <summary>Every pause in order: the immediate ones (doubling from the minimum, capped), then the redeliveries.</summary>
    public IReadOnlyList<TimeSpan> Intervals() =>
    [
        .. Enumerable.Range(0, ImmediateRetries)
            .Select(i => TimeSpan.FromSeconds(Math.Min(MaxIntervalSeconds, MinIntervalSeconds * Math.Pow(2, i)))),
        .. RedeliveryIntervals(),
    ];

    public IEnumerable<string> Validate()
    {
        if (ImmediateRetries is < 0 or > 100) yield return $"{Section}:ImmediateRetries must be 0–100.";
        if (!(MinIntervalSeconds > 0) || !(MaxIntervalSeconds >= MinIntervalSeconds))
            yield return $"{Section}: need 0 < MinIntervalSeconds ≤ MaxIntervalSeconds.";
        if (Redeliveries is < 0 or > 20) yield return $"{Section}:Redeliveries must be 0–20.";
        if (!(RedeliveryIntervalSeconds > 0)) yield return $"{Section}:RedeliveryIntervalSeconds must be positive.";
    }
}
