using System.Collections.Concurrent;
using System.Diagnostics;

namespace TinyUNet.Pipeline;

/// <summary>
/// When each stage of one run began and how long it took, in milliseconds from the run's start; stages overlap, and
/// are timed from several threads. A stage that ends reports itself done through the run's progress.
/// </summary>
internal sealed class StageClock(IProgress<PipelineProgress>? progress)
{
    private readonly Stopwatch run = Stopwatch.StartNew();

    public ConcurrentDictionary<PipelineStage, double> Starts { get; } = new();

    public ConcurrentDictionary<PipelineStage, double> Durations { get; } = new();

    public T Time<T>(PipelineStage stage, Func<T> body)
    {
        Began(stage);
        var clock = Stopwatch.StartNew();
        T result = body();
        Took(stage, clock.Elapsed);
        progress?.Report(new PipelineProgress(stage, 1, 1));
        return result;
    }

    public void Time(PipelineStage stage, Action body) => Time(stage, () => { body(); return true; });

    public void Began(PipelineStage stage) => Starts[stage] = Math.Round(run.Elapsed.TotalMilliseconds, 1);

    public void Took(PipelineStage stage, TimeSpan duration) => Durations[stage] = Math.Round(duration.TotalMilliseconds, 1);
}
