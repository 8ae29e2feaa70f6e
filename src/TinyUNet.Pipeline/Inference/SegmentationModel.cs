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
        if (device.type == DeviceType.CPU) CpuAllocatorTuning.Apply();
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

    public void Dispose() => bundle.Dispose();
}
