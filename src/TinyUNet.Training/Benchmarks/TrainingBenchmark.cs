using System.Diagnostics;
using TinyUNet.Model;
using TinyUNet.Training.Losses;
using TinyUNet.Training.Optimization;
using static TorchSharp.torch;

namespace TinyUNet.Training.Benchmarks;

/// <param name="PlainGraph">The official graph (upsample then concatenate, max_pool2d) instead of the rewritten one.</param>
public sealed record TrainingBenchmarkSettings(int Size = 256, int Batch = 8, int Threads = 0, double MinSeconds = 20,
    int WarmupSteps = 2, int MinSteps = 3, bool PlainGraph = false, int Classes = 4, int Seed = 42);

/// <summary>Seconds per step of each phase (means over the timed steps) and the throughput they add up to.</summary>
public sealed record TrainingBenchmarkResult(int Size, int Batch, bool PlainGraph, int Threads, int Steps, double Seconds,
    double SamplesPerSecond, double SecondsPerSample, double ForwardMilliseconds, double BackwardMilliseconds,
    double OptimizerMilliseconds, string? MallocArenaMax);

/// <summary>
/// What one training step costs, by phase: forward pass in training mode plus the loss (CE + Dice), backward pass,
/// Adam update. Random slices and labels at the given size (the arithmetic does not depend on the values); the data
/// path (augmentation, crops) is outside it, so that the network's own cost is what is compared.
/// </summary>
public static class TrainingBenchmark
{
    public static TrainingBenchmarkResult Run(TrainingBenchmarkSettings settings, Action<string>? progress = null)
    {
        if (settings.Size % TinyUNetNetwork.SizeMultiple != 0)
            throw new ArgumentException($"--size must be a multiple of {TinyUNetNetwork.SizeMultiple}.");
        if (settings.Batch < 1) throw new ArgumentException("--batch must be at least 1.");
        if (settings.Threads > 0) set_num_threads(settings.Threads);
        random.manual_seed(settings.Seed);
        using var network = new TinyUNetNetwork(3, settings.Classes) { PlainGraph = settings.PlainGraph };
        network.train();
        using var optimizer = new AdamOptimizer(network.parameters(), 1e-3);
        var loss = new SegmentationLoss();
        using Tensor input = randn(settings.Batch, 3, settings.Size, settings.Size);
        using Tensor target = randint(settings.Classes, [settings.Batch, settings.Size, settings.Size], dtype: ScalarType.Int64);

        var forward = new Stopwatch();
        var backward = new Stopwatch();
        var update = new Stopwatch();
        void Step()
        {
            using var scope = NewDisposeScope();
            forward.Start();
            Tensor value = loss.Compute(network.forward(input), target);
            forward.Stop();
            backward.Start();
            optimizer.ZeroGrad();
            value.backward();
            backward.Stop();
            update.Start();
            optimizer.Step();
            update.Stop();
        }
        for (int i = 0; i < settings.WarmupSteps; i++) Step();
        progress?.Invoke($"warm-up done ({settings.WarmupSteps} steps of {settings.Batch} × {settings.Size}², {get_num_threads()} thread(s))");
        forward.Reset();
        backward.Reset();
        update.Reset();
        var clock = Stopwatch.StartNew();
        int steps = 0;
        while (steps < settings.MinSteps || clock.Elapsed.TotalSeconds < settings.MinSeconds)
        {
            Step();
            steps++;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        double PerStep(Stopwatch phase) => Math.Round(phase.Elapsed.TotalMilliseconds / steps, 1);
        return new TrainingBenchmarkResult(settings.Size, settings.Batch, settings.PlainGraph, get_num_threads(), steps,
            Math.Round(seconds, 2), Math.Round(steps * settings.Batch / seconds, 3), Math.Round(seconds / (steps * settings.Batch), 4),
            PerStep(forward), PerStep(backward), PerStep(update), CpuAllocatorTuning.ArenaMaxFromEnvironment);
    }
}
