using System.Globalization;

namespace TinyUNet.Messaging;

/// <summary>
/// The worker's broker-side pauses: one durable queue per pause length, e.g. "segment-study_retry-60s", each behind a
/// fanout exchange of the same name. Nothing consumes them: a message waits there x-message-ttl, then RabbitMQ
/// dead-letters it to the exchange "segment-study", and so back into the worker's queue with its properties (transport
/// priority included) and headers. Named after the pause, so changing the pauses never redeclares a queue with other
/// arguments; plain FIFO queues, as one TTL per queue lets messages expire in order.
/// </summary>
public static class SegmentStudyRetryQueues
{
    public const string MessageTtlArgument = "x-message-ttl";
    public const string DeadLetterExchangeArgument = "x-dead-letter-exchange";

    /// <summary>RabbitMQ keeps TTLs in whole milliseconds; the longest one allowed here is int.MaxValue ms (24.8 days).</summary>
    public static long TtlMilliseconds(TimeSpan pause) => (long)Math.Round(pause.TotalMilliseconds, MidpointRounding.AwayFromZero);

    public static bool IsValidPause(TimeSpan pause) => TtlMilliseconds(pause) is >= 1 and <= int.MaxValue;

    /// <summary>"segment-study_retry-60s"; "…-1500ms" for a pause of no whole seconds.</summary>
    public static string Name(TimeSpan pause)
    {
        long ms = TtlMilliseconds(pause);
        string suffix = ms % 1000 == 0
            ? (ms / 1000).ToString(CultureInfo.InvariantCulture) + "s"
            : ms.ToString(CultureInfo.InvariantCulture) + "ms";
        return $"{SegmentStudyQueue.Name}_retry-{suffix}";
    }

    /// <summary>Where MassTransit sends a message that is to wait <paramref name="pause"/>: the queue's exchange.</summary>
    public static Uri SendAddress(TimeSpan pause) => new("exchange:" + Name(pause));

    public static IDictionary<string, object?> Arguments(TimeSpan pause) => new Dictionary<string, object?>
    {
        [MessageTtlArgument] = (int)TtlMilliseconds(pause),
        [DeadLetterExchangeArgument] = SegmentStudyQueue.Name,
    };
}
