using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>
/// A depthwise 3×3 convolution (stride 1, zero padding 1) as nine multiply-adds of shifted views of the input, in the
/// input's own NCHW layout. libtorch hands every depthwise convolution to oneDNN, whose kernel works on channels in
/// blocks of 16: a CMRF at full resolution has 4 channels per group, so each call reorders the plane into a 16-channel
/// padded copy and back and computes four times the work. In a forward pass at 256² on one thread (oneDNN's verbose log,
/// 14 such calls a slice) that was 0.54 ms a call plus two reorders of 0.2 ms; the shifted sum takes about 0.5 ms and
/// copies nothing. On small planes oneDNN's kernel wins (the copies are cheap there), hence <see cref="Prefers"/>.
/// The sums are the convolution's in another order: results differ by float rounding only. Float32 CPU planes go to
/// <see cref="DepthwiseKernel3x3"/> instead (one pass instead of nine); this remains for other types and devices.
/// </summary>
public static class ShiftedDepthwiseConvolution
{
    /// <summary>The smallest plane (height × width) where the shifted sum beat oneDNN in the profile (256² yes, 128² no).</summary>
    public const long MinimumPlane = 192 * 192;

    /// <summary>Whether a depthwise 3×3 convolution of this input should run as the shifted sum.</summary>
    public static bool Prefers(Tensor input) => input.shape[2] * input.shape[3] >= MinimumPlane;

    /// <summary>
    /// y[c, i, j] = bias[c] + Σ over the 3×3 window of weight[c, 0, a, b] · x[c, i + a − 1, j + b − 1], taps that fall
    /// outside the plane contributing nothing (zero padding). <paramref name="weight"/> is [C, 1, 3, 3].
    /// </summary>
    public static Tensor Forward(Tensor input, Tensor weight, Tensor? bias)
    {
        if (input.dim() != 4 || weight.shape is not [var c, 1, 3, 3] || input.shape[1] != c)
            throw new ArgumentException("Needs an NCHW input and a [C, 1, 3, 3] depthwise weight with the same C.");
        using var scope = NewDisposeScope();
        long height = input.shape[2], width = input.shape[3];
        Tensor taps = weight.reshape(c, 9);
        Tensor Tap(int index) => taps[.., index].reshape(1, c, 1, 1);

        Tensor output = input.mul(Tap(4)); // the centre tap covers every pixel
        if (bias is not null) output.PlusInPlace(bias.reshape(1, c, 1, 1));
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
            {
                if (dy == 0 && dx == 0) continue;
                // Output rows/columns whose tap (dy, dx) lands inside the input.
                long top = Math.Max(0, -dy), bottom = height - Math.Max(0, dy);
                long left = Math.Max(0, -dx), right = width - Math.Max(0, dx);
                Tensor target = output[.., .., TensorIndex.Slice(top, bottom), TensorIndex.Slice(left, right)];
                Tensor source = input[.., .., TensorIndex.Slice(top + dy, bottom + dy), TensorIndex.Slice(left + dx, right + dx)];
                target.addcmul_(source, Tap((dy + 1) * 3 + dx + 1), RootedScalars.One);
            }
        return output.MoveToOuterDisposeScope();
    }
}
