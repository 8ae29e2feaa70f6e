using Microsoft.Extensions.Logging;

namespace TinyUNet.Messaging.Internal;

/// <summary>Log events of sending (ids 2000–2019). UIDs and correlation ids only: never patient attributes.</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Sent study {StudyInstanceUid} to segment-study (correlation {CorrelationId}, priority {Priority}, reason {Reason})")]
    public static partial void Sent(ILogger logger, string studyInstanceUid, Guid correlationId, byte priority, string reason);

    [LoggerMessage(2001, LogLevel.Debug, "Queue {Queue} declared (x-max-priority {MaxPriority}) and bound to its exchange")]
    public static partial void QueueDeclared(ILogger logger, string queue, int maxPriority);

    [LoggerMessage(2002, LogLevel.Information, "Retry queue {Queue} declared (x-message-ttl {TtlMs} ms, dead-lettered to {Exchange})")]
    public static partial void RetryQueueDeclared(ILogger logger, string queue, long ttlMs, string exchange);
}
