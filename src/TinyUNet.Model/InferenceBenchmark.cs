using TorchSharp;
using System.Diagnostics;
using static TorchSharp.torch;

namespace TinyUNet.Model;

public sealed record BenchmarkSettings(string Device = "cpu", int Size = 256, int Batch = 1, string DType = "fp32",
    bool Fused = false, int InChannels = 3, int NumClasses = 4, int WarmupIterations = 2, double MinSeconds = 5,
    int MinIterations = 3, bool TuneAllocator = true);

public sealed record BenchmarkResult(string Device, string DType, bool Fused, int Size, int Batch, int Iterations,
    double Seconds, double SlicesPerSecond, double MillisecondsPerBatch, int Threads, bool AllocatorTuned,
    string TorchSharpVersion);

/// <summary>
/// Model throughput: random weights are fine (the arithmetic does not depend on them). Warm-up iterations are
/// excluded; timing runs until both MinIterations and MinSeconds are reached; CUDA is synchronised before reading
/// the clock.
/// </summary>
public static class InferenceBenchmark
{
    public static BenchmarkResult Run(BenchmarkSettings settings, Action<string>? progress = null)
    {
        if (settings.Size % TinyUNetNetwork.SizeMultiple != 0)
            throw new ArgumentException($"--size must be a multiple of {TinyUNetNetwork.SizeMultiple}.");
        if (settings.Batch < 1) throw new ArgumentException("--batch must be at least 1.");
        Device device = TorchDevices.Resolve(settings.Device);
        bool tuned = settings.TuneAllocator && CpuAllocatorTuning.Apply(); // the caller decides (bench: CPU only)
        ScalarType dtype = ParseDType(settings.DType);

        using var network = new TinyUNetNetwork(settings.InChannels, settings.NumClasses);
        network.eval();
        if (settings.Fused) network.FuseForInference();
        network.to(device).to(dtype);
        using var inference = inference_mode();
        using Tensor input = randn(settings.Batch, settings.InChannels, settings.Size, settings.Size, dtype: dtype, device: device);

        for (int i = 0; i < settings.WarmupIterations; i++) RunOnce(network, input, device);
        progress?.Invoke($"warm-up done ({settings.WarmupIterations} iterations)");

        var clock = Stopwatch.StartNew();
        int iterations = 0;
        while (iterations < settings.MinIterations || clock.Elapsed.TotalSeconds < settings.MinSeconds)
        {
            RunOnce(network, input, device);
            iterations++;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        return new BenchmarkResult(device.type.ToString().ToLowerInvariant(), settings.DType, settings.Fused,
            settings.Size, settings.Batch, iterations, Math.Round(seconds, 3),
            Math.Round(iterations * settings.Batch / seconds, 3), Math.Round(1000 * seconds / iterations, 3),
            get_num_threads(), tuned, typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown");
    }

    private static void RunOnce(TinyUNetNetwork network, Tensor input, Device device)
    {
        using var scope = NewDisposeScope();
        network.forward(input);
        if (device.type == DeviceType.CUDA) cuda.synchronize();
    }

    public static ScalarType ParseDType(string name) => name.ToLowerInvariant() switch
    {
        "fp32" => ScalarType.Float32,
        "fp16" => ScalarType.Float16,
        "bf16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"Unknown dtype '{name}': use fp32, fp16 or bf16."),
    };
}
