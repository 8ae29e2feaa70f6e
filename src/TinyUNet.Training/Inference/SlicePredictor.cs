using TinyUNet.Model.Bundles;
using TinyUNet.Training.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TinyUNet.Training.Inference;

/// <summary>
/// Runs a bundle on one windowed slice at its own size: resize to the bundle's input, normalise per its channels,
/// forward, resize the logits back (bilinear) and take the arg-max, so labels follow the image, not the 256 grid.
/// </summary>
public sealed class SlicePredictor : IDisposable
{
    private readonly ModelBundle bundle;

    private SlicePredictor(ModelBundle bundle, Device device)
    {
        this.bundle = bundle;
        Device = device;
    }

    public ModelManifest Manifest => bundle.Manifest;
    public Device Device { get; }

    public static SlicePredictor Load(string bundleDirectory, string device = "auto")
    {
        Device resolved = DeviceResolver.Resolve(device);
        ModelBundle bundle = ModelBundle.Load(bundleDirectory);
        try
        {
            bundle.Network.FuseBatchNorm();
            bundle.Network.to(resolved);
            return new SlicePredictor(bundle, resolved);
        }
        catch
        {
            bundle.Dispose();
            throw;
        }
    }

    /// <param name="intensities">Window-relative intensities in [0, 1], row-major.</param>
    /// <returns>Class indices, row-major, width × height.</returns>
    public byte[] Predict(float[] intensities, int width, int height)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        InputSpec input = Manifest.Input;
        Tensor image = tensor(intensities, [1, 1, height, width]);
        Tensor resized = F.interpolate(image, [input.Height, input.Width], mode: InterpolationMode.Bilinear, align_corners: false);
        Tensor logits = bundle.Network.forward(SliceTensors.Normalize(resized, input.Channels).to(Device));
        Tensor full = F.interpolate(logits, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
        return full.argmax(1).to(ScalarType.Byte).cpu().data<byte>().ToArray();
    }

    public void Dispose() => bundle.Dispose();
}
