using System.Diagnostics;

namespace TinyUNet.TestSupport;

/// <summary>
/// Bounded polling of an observable state that nothing announces to a test: a row written, a queue's length, a file
/// appeared, a health state. Tests wait on an event or on this, never on a fixed sleep followed by an assertion: a busy
/// machine only makes a poll take longer, never makes it pass or fail differently. This is the one place where tests
/// pause (for <see cref="Interval"/> between looks).
/// </summary>
public static class Poll
{
    /// <summary>The pause between two looks.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Looks until <paramref name="condition"/> holds; a <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        if (!await TryUntilAsync(condition, timeout))
            throw new TimeoutException($"Not so within {timeout.TotalSeconds} s: {what}.");
    }

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, TimeSpan, string)"/>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>Looks until <paramref name="probe"/> returns a value; that value, or a <see cref="TimeoutException"/> naming <paramref name="what"/>.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        T? found = null;
        await UntilAsync(async () => (found = await probe()) is not null, timeout, what);
        return found!;
    }

    /// <summary>Looks until <paramref name="condition"/> holds or <paramref name="timeout"/> passes (checked once more at the end); whether it held.</summary>
    public static async Task<bool> TryUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition()) return true;
            if (clock.Elapsed > timeout) return false;
            await Task.Delay(Interval);
        }
    }
}
