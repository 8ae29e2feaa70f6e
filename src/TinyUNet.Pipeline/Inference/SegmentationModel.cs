using TinyUNet.Model;
using TinyUNet.Model.Bundles;
using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Pipeline.Inference;

/// <summary>
/// A model bundle loaded once per process and placed on its device, in eval mode (BatchNorm folded when asked).
/// Forward passes are serialised: one GPU runs one batch at a time, and TorchSharp modules are not re-entrant.
/// </summary>
public sealed class SegmentationModel : IDisposable
{
    private readonly ModelBundle bundle;
    private readonly Lock forwardLock = new();
    private int disposed;

    private SegmentationModel(ModelBundle bundle, Device device, InferenceOptions options)
    {
        this.bundle = bundle;
        Device = device;
        Options = options;
    }

    public ModelManifest Manifest => bundle.Manifest;
    public string WeightsSha256 => bundle.WeightsSha256;
    public Device Device { get; }
    public InferenceOptions Options { get; }

    public static SegmentationModel Load(string bundleDirectory, InferenceOptions options)
    {
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1.");
        Device device = TorchDevices.Resolve(options.Device);
        ModelBundle bundle = ModelBundle.Load(bundleDirectory);
        try
        {
            bundle.Network.eval();
            if (options.FuseBatchNorm) bundle.Network.FuseForInference();
            bundle.Network.to(device);
            return new SegmentationModel(bundle, device, options);
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
        lock (forwardLock)
        {
            using var inference = inference_mode();
            return bundle.Network.forward(batch);
        }
    }

    /// <summary>
    /// One forward pass of a small blank input, checked for shape and finite scores: what a health check can ask of a
    /// model without a study (a broken device, driver or weights file fails here). Null when it passed, else why.
    /// </summary>
    public string? CheckForwardPass()
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
        if (Interlocked.Exchange(ref disposed, 1) == 0) bundle.Dispose();
    }
}
