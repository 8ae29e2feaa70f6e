namespace TinyUNet.Pipeline;

/// <summary>
/// An IProgress that calls back on the reporting thread, in order. (Progress&lt;T&gt; posts to the thread pool,
/// so reports can arrive late and out of order — wrong for a progress bar or a log of stage completion.)
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
