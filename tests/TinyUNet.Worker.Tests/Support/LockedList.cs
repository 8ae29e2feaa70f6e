using System.Collections;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>
/// A list the in-memory exporters can add to from their own threads while a test reads it: every access takes one
/// lock, and enumeration works on a copy.
/// </summary>
public sealed class LockedList<T> : ICollection<T>
{
    private readonly List<T> items = [];
    private TaskCompletionSource added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count { get { lock (items) return items.Count; } }
    public bool IsReadOnly => false;

    public void Add(T item)
    {
        TaskCompletionSource signal;
        lock (items)
        {
            items.Add(item);
            (signal, added) = (added, new(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        signal.TrySetResult();
    }

    /// <summary>Waits, woken by each addition, until the items satisfy <paramref name="condition"/>; returns that snapshot.</summary>
    public async Task<T[]> WaitUntilAsync(Func<T[], bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task next;
            T[] snapshot;
            lock (items) (snapshot, next) = ([.. items], added.Task);
            if (condition(snapshot)) return snapshot;
            try { await next.WaitAsync(cancel.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"The exported items did not reach the expected state in {timeout.TotalSeconds} s."); }
        }
    }
    public void Clear() { lock (items) items.Clear(); }
    public bool Contains(T item) { lock (items) return items.Contains(item); }
    public void CopyTo(T[] array, int arrayIndex) { lock (items) items.CopyTo(array, arrayIndex); }
    public bool Remove(T item) { lock (items) return items.Remove(item); }

    public T[] Snapshot() { lock (items) return [.. items]; }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
