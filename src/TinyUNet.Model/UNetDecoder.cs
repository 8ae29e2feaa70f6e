using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>
/// Decoder stage: bicubic ×2 upsampling (align_corners=False), concat [up, skip], CMRF. The CMRF projects the input
/// before it is upsampled (<see cref="Cmrf.ForwardUpsampled"/>): the same sums in another order, with an 8–16× smaller
/// upsampling (and its backward pass, the costliest part of a CPU training step). <see cref="PlainGraph"/> runs the
/// official order instead, for comparison.
/// </summary>
public sealed class UNetDecoder : nn.Module<Tensor, Tensor, Tensor>
{
    private static readonly double[] ScaleByTwo = [2.0, 2.0];
    private readonly Cmrf cmrf;

    public UNetDecoder(long inChannels, long outChannels) : base(nameof(UNetDecoder))
    {
        cmrf = new Cmrf(inChannels, outChannels);
        RegisterComponents();
    }

    public Cmrf Cmrf => cmrf;

    /// <summary>Upsample, concatenate, then the CMRF, as the official code does (tests and benchmarks compare against it).</summary>
    public bool PlainGraph { get; set; }

    public override Tensor forward(Tensor input, Tensor skip)
    {
        using var scope = NewDisposeScope();
        if (!PlainGraph) return cmrf.ForwardUpsampled(input, Upsample, skip).MoveToOuterDisposeScope();
        return cmrf.forward(cat([Upsample(input), skip], dim: 1)).MoveToOuterDisposeScope();
    }

    // The official graph keeps libtorch's interpolate; the rewritten one the same upsampling as fixed filters, in
    // inference on float32 CPU planes as one kernel.
    private Tensor Upsample(Tensor input) => PlainGraph
        ? nn.functional.interpolate(input, scale_factor: ScaleByTwo, mode: InterpolationMode.Bicubic, align_corners: false)
        : !is_grad_enabled() && BicubicKernelByTwo.Supports(input) ? BicubicKernelByTwo.Run(input)
        : BicubicByTwo.Upsample(input);
}
