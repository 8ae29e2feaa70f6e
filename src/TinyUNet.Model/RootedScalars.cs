using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>
/// Tensor arithmetic without TorchSharp's implicit <see cref="Scalar"/>s. TorchSharp 0.107 turns every number given to
/// an operator (and the hidden alpha of <c>a + b</c>, which is <c>a.add(b, 1)</c>) into a native Scalar that only its
/// finalizer frees, and passes its handle to the native call without keeping the object alive: a collection during the
/// call may finalize it, and libtorch then reads freed memory (the rare abort of long training runs, and a risk for a
/// worker that runs for weeks). Scalars here are either rooted for the process or disposed by their user after the call.
/// </summary>
public static class RootedScalars
{
    /// <summary>1, for the alpha of additions; never freed.</summary>
    public static readonly Scalar One = 1.0.ToScalar();

    /// <summary>0.5, for averages of two; never freed.</summary>
    public static readonly Scalar Half = 0.5.ToScalar();

    /// <summary>1 as an integer, for counters (an integer tensor refuses a floating-point addend); never freed.</summary>
    public static readonly Scalar OneInteger = 1L.ToScalar();

    /// <summary>−1, for the alpha of subtractions; never freed.</summary>
    public static readonly Scalar MinusOne = (-1.0).ToScalar();

    /// <summary><paramref name="left"/> + <paramref name="right"/> (broadcasting), with a rooted alpha.</summary>
    public static Tensor Plus(this Tensor left, Tensor right) => left.add(right, One);

    /// <summary>In place: <paramref name="left"/> += <paramref name="right"/>, with a rooted alpha.</summary>
    public static Tensor PlusInPlace(this Tensor left, Tensor right) => left.add_(right, One);

    /// <summary><paramref name="left"/> − <paramref name="right"/> (broadcasting), with a rooted alpha.</summary>
    public static Tensor Minus(this Tensor left, Tensor right) => left.add(right, MinusOne);
}
