using TorchSharp;
using System.Diagnostics;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <param name="Lanes">Forward passes at once, each on its own thread; 0 = one per core on the CPU, at most 4, the
/// cores shared out among them; 1 on a GPU — as the pipeline runs the model (<c>SegmentationModel.Lanes</c>).</param>
public sealed record BenchmarkSettings(string Device = "cpu", int Size = 256, int Batch = 1, string DType = "fp32",
    bool Fused = false, int InChannels = 3, int NumClasses = 4, int WarmupIterations = 2, double MinSeconds = 5,
    int MinIterations = 3, bool TuneAllocator = true, int Lanes = 0);

public sealed record BenchmarkResult(string Device, string DType, bool Fused, int Size, int Batch, int Iterations,
    double Seconds, double SlicesPerSecond, double MillisecondsPerBatch, int Threads, bool AllocatorTuned,
    string TorchSharpVersion, int Lanes = 1, string? MallocArenaMax = null, string? MklKernels = null, string? Allocator = null);

/// <summary>
/// Model throughput: random weights are fine (the arithmetic does not depend on them). Warm-up iterations are
/// excluded; timing runs until both MinIterations and MinSeconds are reached; CUDA is synchronised before reading
/// the clock. With several lanes, each runs forward passes of the one network on its own thread and input, and the
/// figure is all lanes' slices over the time until the last one stopped.
/// </summary>
public static class InferenceBenchmark
{
    public static BenchmarkResult Run(BenchmarkSettings settings, Action<string>? progress = null)
    {
        if (settings.Size % TinyUNetNetwork.SizeMultiple != 0)
            throw new ArgumentException($"--size must be a multiple of {TinyUNetNetwork.SizeMultiple}.");
        if (settings.Batch < 1) throw new ArgumentException("--batch must be at least 1.");
        if (settings.Lanes < 0) throw new ArgumentException("--lanes must be 0 (automatic) or at least 1.");
        Device device = TorchDevices.Resolve(settings.Device);
        bool tuned = settings.TuneAllocator && CpuAllocatorTuning.Apply(); // the caller decides (bench: CPU only)
        ScalarType dtype = ParseDType(settings.DType);
        int lanes = TorchDevices.Lanes(device, settings.Lanes);
        int threads = device.type == DeviceType.CPU ? TorchDevices.ThreadsPerLane(lanes) : get_num_threads();
        if (device.type == DeviceType.CPU) set_num_threads(threads);

        using var network = new TinyUNetNetwork(settings.InChannels, settings.NumClasses);
        network.eval();
        if (settings.Fused) network.FuseForInference();
        network.to(device).to(dtype);

        (int iterations, double seconds) = Time(lanes,
            () => randn(settings.Batch, settings.InChannels, settings.Size, settings.Size, dtype: dtype, device: device),
            input =>
            {
                if (device.type == DeviceType.CPU) TorchDevices.UseThreadsOnThisThread(threads);
                using var inference = inference_mode();
                network.forward(input);
            },
            device, settings.WarmupIterations, settings.MinIterations, settings.MinSeconds,
            () => progress?.Invoke($"warm-up done ({settings.WarmupIterations} iterations, {lanes} lane(s) of {threads} thread(s))"));
        return new BenchmarkResult(device.type.ToString().ToLowerInvariant(), settings.DType, settings.Fused,
            settings.Size, settings.Batch, iterations, Math.Round(seconds, 3),
            Math.Round(iterations * settings.Batch / seconds, 3), Math.Round(1000 * seconds * lanes / iterations, 3),
            threads, tuned, typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown", lanes,
            CpuAllocatorTuning.ArenaMaxFromEnvironment, MklCpuDispatch.Choice?.ToString(), JemallocAllocator.ActiveName);
    }

    /// <summary>
    /// Forward passes timed on <paramref name="lanes"/> threads at once (the calling thread is one: with a single lane
    /// this is a plain loop on it). Each lane makes its input, runs the warm-up, waits for the others, then runs until
    /// both minimums are reached; passes of every lane are counted, over the time until the last lane stopped.
    /// </summary>
    public static (int Iterations, double Seconds) Time(int lanes, Func<Tensor> newInput, Action<Tensor> forward, Device device,
        int warmupIterations = 2, int minIterations = 3, double minSeconds = 5, Action? warmedUp = null)
    {
        var clock = new Stopwatch();
        int iterations = 0;
        using var warm = new Barrier(lanes, _ =>
        {
            warmedUp?.Invoke();
            clock.Start();
        });
        void Once(Tensor input)
        {
            using var scope = NewDisposeScope();
            forward(input);
            if (device.type == DeviceType.CUDA) cuda.synchronize();
        }
        InferenceLanes.Run(lanes, stop =>
        {
            using Tensor input = newInput();
            for (int i = 0; i < warmupIterations; i++) Once(input);
            warm.SignalAndWait(stop); // a lane that failed stops the others here too
            while (Volatile.Read(ref iterations) < minIterations || clock.Elapsed.TotalSeconds < minSeconds)
            {
                Once(input);
                Interlocked.Increment(ref iterations);
            }
        }, CancellationToken.None);
        return (iterations, clock.Elapsed.TotalSeconds);
    }

    public static ScalarType ParseDType(string name) => name.ToLowerInvariant() switch
    {
        "fp32" => ScalarType.Float32,
        "fp16" => ScalarType.Float16,
        "bf16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"Unknown dtype '{name}': use fp32, fp16 or bf16."),
    };
}
