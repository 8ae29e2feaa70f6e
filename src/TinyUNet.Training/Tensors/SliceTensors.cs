using TinyUNet.Model;
using TorchSharp;
using TinyUNet.Model.Bundles;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TinyUNet.Training.Tensors;

/// <summary>
/// Sample ↔ tensor conversions shared by training, validation and prediction, so all three resize and normalise
/// alike: bilinear for intensities, nearest for labels, then per-channel (v − mean) / std with the gray replicated.
/// </summary>
public static class SliceTensors
{
    /// <summary>[1, 1, size, size] window-relative intensities in [0, 1].</summary>
    public static Tensor ResizeIntensities(float[] intensities, int width, int height, int size)
    {
        using Tensor image = tensor(intensities, [1, 1, height, width]);
        using Scalar zero = 0.0.ToScalar(), one = 1.0.ToScalar(); // not implicit: see RootedScalars
        return F.interpolate(image, [size, size], mode: InterpolationMode.Bilinear, align_corners: false).clamp_(zero, one);
    }

    /// <summary>[size, size] uint8 class indices, nearest neighbour.</summary>
    public static Tensor ResizeLabels(byte[] labels, int width, int height, int size)
    {
        using Tensor mask = tensor(labels, [1, 1, height, width]).to(ScalarType.Float32);
        using Tensor resized = F.interpolate(mask, [size, size], mode: InterpolationMode.Nearest);
        return resized.reshape(size, size).to(ScalarType.Byte);
    }

    /// <summary>[B, 1, H, W] in [0, 1] → [B, C, H, W] network input, one (mean, std) per channel.</summary>
    public static Tensor Normalize(Tensor unit, IReadOnlyList<ChannelPreprocessing> channels)
    {
        using var scope = NewDisposeScope();
        Tensor[] planes = channels.Select(c =>
        {
            using Scalar shift = (-c.Mean / c.Std).ToScalar(), scale = (1 / c.Std).ToScalar(); // not implicit: see RootedScalars
            return unit.mul(scale).add_(shift, RootedScalars.One);
        }).ToArray();
        return cat(planes, 1).MoveToOuterDisposeScope();
    }
}
