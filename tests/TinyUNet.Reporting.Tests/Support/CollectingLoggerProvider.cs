using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TinyUNet.Reporting.Tests.Support;

/// <summary>Keeps every log entry of a host (level, event id, message) so tests can check what it said.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, int EventId, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collector(this);

    public void Dispose()
    {
    }

    private sealed class Collector(CollectingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            owner.Entries.Enqueue((logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}
