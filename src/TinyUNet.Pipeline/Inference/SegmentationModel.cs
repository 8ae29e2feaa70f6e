using TinyUNet.Model;
using TinyUNet.Model.Bundles;
using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Pipeline.Inference;

/// <summary>
/// A model bundle loaded once per process and placed on its device, in eval mode (BatchNorm folded when asked).
/// At most <see cref="Lanes"/> forward passes run at once; callers beyond that wait for a lane.
/// </summary>
public sealed class SegmentationModel : IDisposable
{
    private readonly ModelBundle bundle;
    private readonly SemaphoreSlim freeLanes;
    private readonly Lazy<string?> forwardPass;
    private int disposed;

    private SegmentationModel(ModelBundle bundle, Device device, InferenceOptions options, int lanes)
    {
        this.bundle = bundle;
        Device = device;
        Options = options;
        Lanes = lanes;
        ThreadsPerLane = device.type != DeviceType.CPU ? 0
            : options.ThreadsPerLane > 0 ? options.ThreadsPerLane : TorchDevices.ThreadsPerLane(lanes);
        FlipAveraging = options.FlipAveraging ?? bundle.Manifest.Inference?.FlipAveraging ?? false;
        freeLanes = new SemaphoreSlim(lanes, lanes);
        forwardPass = new Lazy<string?>(RunForwardPass);
    }

    public ModelManifest Manifest => bundle.Manifest;
    public string WeightsSha256 => bundle.WeightsSha256;
    public Device Device { get; }
    public InferenceOptions Options { get; }

    /// <summary>
    /// Forward passes that may run at once, each on its caller's thread. On the CPU the default is one lane per core (at
    /// most 4), each pass on its share of the cores: the model alone does about as well either way on 2 cores (14–16 slices/s at 256²),
    /// but in a study one lane's work before and after its pass (windowing, resizing, the arg-max) runs beside the other
    /// lane's pass instead of leaving cores idle — a 300-slice 512² study took 23.5–25.8 s with two lanes and
    /// 27.6–33.8 s with one of two threads, at the cost of about 0.5 GB more peak memory (two passes' heaps). On a GPU
    /// one lane: the device runs one batch at a time. The lanes share the network (a forward pass of an
    /// inference-mode module only reads it).
    /// </summary>
    public int Lanes { get; }

    /// <summary>Whether each forward pass averages a slice's scores with its mirror image's: the options' choice, else the bundle's.</summary>
    public bool FlipAveraging { get; }

    /// <summary>libtorch intra-op threads of each CPU lane (the cores shared out among the lanes); 0 on a GPU.</summary>
    public int ThreadsPerLane { get; }

    public static SegmentationModel Load(string bundleDirectory, InferenceOptions options)
    {
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1.");
        if (options.Lanes < 0) throw new ArgumentOutOfRangeException(nameof(options), "Lanes must be 0 (automatic) or at least 1.");
        if (options.ThreadsPerLane < 0) throw new ArgumentOutOfRangeException(nameof(options), "ThreadsPerLane must be 0 (automatic) or at least 1.");
        Device device = TorchDevices.Resolve(options.Device);
        int lanes = TorchDevices.Lanes(device, options.Lanes);
        ModelBundle bundle = ModelBundle.Load(bundleDirectory);
        try
        {
            bundle.Network.eval();
            if (options.FuseBatchNorm) bundle.Network.FuseForInference();
            bundle.Network.to(device);
            var model = new SegmentationModel(bundle, device, options, lanes);
            // Process-wide: every thread takes libtorch's thread count from here at its first parallel operation.
            if (model.ThreadsPerLane > 0) set_num_threads(model.ThreadsPerLane);
            return model;
        }
        catch
        {
            bundle.Dispose();
            throw;
        }
    }

    /// <summary>Logits [B, K, H, W] for an input batch [B, C, H, W] already on <see cref="Device"/>.</summary>
    public Tensor PredictLogits(Tensor batch)
    {
        freeLanes.Wait();
        try
        {
            if (ThreadsPerLane > 0) TorchDevices.UseThreadsOnThisThread(ThreadsPerLane);
            using var inference = inference_mode();
            if (!FlipAveraging) return bundle.Network.forward(batch);
            using Tensor mirrored = bundle.Network.forward(batch.flip(3));
            using Tensor back = mirrored.flip(3);
            return bundle.Network.forward(batch).add_(back, RootedScalars.One).mul_(RootedScalars.Half);
        }
        finally
        {
            freeLanes.Release();
        }
    }

    /// <summary>
    /// One forward pass of a small blank input, checked for shape and finite scores: what a health check can ask of a
    /// model without a study (a broken device, driver or weights file fails here). Null when it passed, else why.
    /// Run once per model and remembered: start-up and every later probe share the answer.
    /// </summary>
    public string? CheckForwardPass() => forwardPass.Value;

    private string? RunForwardPass()
    {
        try
        {
            using var scope = NewDisposeScope();
            const int size = 2 * TinyUNetNetwork.SizeMultiple;
            Tensor input = zeros(1, bundle.Network.InChannels, size, size, device: Device);
            Tensor logits = PredictLogits(input);
            long[] expected = [1, bundle.Network.NumClasses, size, size];
            if (!logits.shape.SequenceEqual(expected)) return $"forward pass gave [{string.Join(", ", logits.shape)}], expected [{string.Join(", ", expected)}]";
            return logits.isfinite().all().item<bool>() ? null : "forward pass gave non-finite scores";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"forward pass failed: {e.GetType().Name}: {e.Message}";
        }
    }

    public void Dispose()
    {
        // The worker registers the first device's model twice (its pipelines own it, and it is the weights' identity).
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        bundle.Dispose();
        freeLanes.Dispose();
    }
}
