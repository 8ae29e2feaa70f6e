using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>
/// Bicubic ×2 upsampling with align_corners = false, as libtorch's <c>interpolate(mode: bicubic)</c> computes it
/// (Keys' kernel, A = −0.75, source indices clamped at the borders), written as two passes of fixed four-tap filters.
/// At scale 2 every output sits a quarter pixel from its source: output 2i at i − ¼ (weights w(1¾), w(¾), w(¼), w(1¼) on
/// inputs i − 2 … i + 1), output 2i + 1 at i + ¼ (the same weights mirrored, on i − 1 … i + 2). libtorch's kernel works
/// the sixteen weights out per output pixel and is not vectorised; its backward pass is a scalar scatter, the costliest
/// step of a training step's decoder. Here, per axis: replicate-pad, four multiply-adds per parity (each one pass,
/// y += w·x), interleave. The same sums in another order (float rounding only).
/// </summary>
public static class BicubicByTwo
{
    private const double A = -0.75;

    /// <summary>Keys' weights for distances ¼, ¾, 1¼ and 1¾ (the CPU kernel's too); declared
    /// before the Scalars below, which static initialisation reads in textual order.</summary>
    internal static readonly double NearWeight = Inner(0.25), MidWeight = Inner(0.75), FarWeight = Outer(1.25), FarthestWeight = Outer(1.75);

    // Keys' cubic convolution weights for distances ¼, ¾, 1¼ and 1¾, as Scalars that live as long as the process
    // (an implicit Scalar may be finalized during the native call that reads it: see RootedScalars).
    private static readonly Scalar Near = NearWeight.ToScalar(), Mid = MidWeight.ToScalar(),
        Far = FarWeight.ToScalar(), Farthest = FarthestWeight.ToScalar();

    /// <summary>[N, C, H, W] → [N, C, 2H, 2W].</summary>
    public static Tensor Upsample(Tensor input)
    {
        if (input.dim() != 4) throw new ArgumentException("Needs an NCHW tensor.", nameof(input));
        using var scope = NewDisposeScope();
        return AlongAxis(AlongAxis(input, 3), 2).MoveToOuterDisposeScope();
    }

    /// <summary>Doubles one axis (2: rows, 3: columns).</summary>
    private static Tensor AlongAxis(Tensor x, int axis)
    {
        long n = x.shape[axis];
        // Two copies of the edge on each side: the clamped source indices i − 2 … i + 2.
        long[] padding = axis == 3 ? [2, 2, 0, 0] : [0, 0, 2, 2];
        Tensor padded = nn.functional.pad(x, padding, PaddingModes.Replicate);
        Tensor Tap(long offset) => padded.narrow(axis, offset, n); // source i − 2 + offset for every i
        Tensor even = Tap(0).mul(Farthest).add_(Tap(1), Mid).add_(Tap(2), Near).add_(Tap(3), Far);
        Tensor odd = Tap(1).mul(Far).add_(Tap(2), Near).add_(Tap(3), Mid).add_(Tap(4), Farthest);
        long[] shape = [.. x.shape];
        shape[axis] = 2 * n;
        return stack([even, odd], axis + 1).reshape(shape); // even, odd, even, odd … along the axis
    }

    private static double Inner(double d) => ((A + 2) * d - (A + 3)) * d * d + 1;
    private static double Outer(double d) => ((A * d - 5 * A) * d + 8 * A) * d - 4 * A;
}
