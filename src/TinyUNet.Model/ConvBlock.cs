using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>
/// The official "Conv" block: Conv2d (no bias) → BatchNorm2d(eps 0.001, momentum 0.03) → GELU (exact) or nothing.
/// Field names are the PyTorch state_dict names (conv, bn).
/// </summary>
public sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    public const double BatchNormEps = 0.001;
    public const double BatchNormMomentum = 0.03;

    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
    private readonly GELU? act;
    private bool fused;

    public ConvBlock(long inChannels, long outChannels, long kernelSize = 1, long groups = 1, bool activation = true)
        : base(nameof(ConvBlock))
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Groups = groups;
        conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride: 1, padding: kernelSize / 2, groups: groups, bias: false);
        bn = nn.BatchNorm2d(outChannels, eps: BatchNormEps, momentum: BatchNormMomentum);
        act = activation ? nn.GELU() : null;
        RegisterComponents();
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public long KernelSize { get; }
    public long Groups { get; }
    public bool IsFused => fused;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = RunsKernel(input) ? DepthwiseByKernel(input)
            : RunsShifted(input) ? ShiftedDepthwiseConvolution.Forward(input, conv.weight!, conv.bias)
            : FoldsBatch ? DepthwiseBatchFolded(input)
            : conv.forward(input);
        if (!fused) x = Normalize(x);
        if (act is not null) x = act.forward(x);
        return x.MoveToOuterDisposeScope();
    }

    private bool IsDepthwise3x3 => KernelSize == 3 && Groups == InChannels && InChannels == OutChannels;

    /// <summary>
    /// Where no gradient is wanted (inference, validation), depthwise 3×3 convolutions of float32 CPU planes run as
    /// <see cref="DepthwiseKernel3x3"/>, other large planes (bf16, fp16, a GPU) as <see cref="ShiftedDepthwiseConvolution"/>;
    /// training keeps libtorch's convolution and its backward pass.
    /// </summary>
    private bool RunsKernel(Tensor input) => IsDepthwise3x3 && !is_grad_enabled() && DepthwiseKernel3x3.Supports(input);

    private bool RunsShifted(Tensor input) =>
        IsDepthwise3x3 && !is_grad_enabled() && ShiftedDepthwiseConvolution.Prefers(input);

    /// <summary>
    /// A depthwise 3×3 block with fewer channels than oneDNN's 16-channel block, where a gradient is wanted (training):
    /// see <see cref="DepthwiseBatchFolded"/>.
    /// </summary>
    private bool FoldsBatch => IsDepthwise3x3 && InChannels % OneDnnChannelBlock != 0 && is_grad_enabled();

    private const long OneDnnChannelBlock = 16;

    /// <summary>
    /// The same convolution with the batch folded into the channels ([N, C, H, W] as [1, N·C, H, W], the weights
    /// repeated N times; autograd sums their gradients back). oneDNN pads every group of fewer than 16 channels to 16 and
    /// reorders to and from that layout, forward and backward: a CMRF at 256² has 4 channels a group, so it computed 4×
    /// the work. Folded, a batch of 8 fills two blocks. Measured forward + backward at 8 × 4 × 256²: 1,406 → 196 ms,
    /// 4 × 8 × 128²: 62 → 49 ms (one thread beside other work); outputs and input gradients identical, weight gradients
    /// equal up to float32 summation order.
    /// </summary>
    private Tensor DepthwiseBatchFolded(Tensor input)
    {
        long batch = input.shape[0], height = input.shape[2], width = input.shape[3];
        Tensor folded = nn.functional.conv2d(input.reshape(1, batch * InChannels, height, width), conv.weight!.repeat(batch, 1, 1, 1),
            conv.bias?.repeat(batch), padding: [1, 1], groups: batch * InChannels);
        return folded.reshape(batch, InChannels, height, width);
    }

    private Tensor DepthwiseByKernel(Tensor input)
    {
        Tensor output = empty(input.shape, dtype: input.dtype, device: input.device);
        DepthwiseKernel3x3.Run(input, conv.weight!, conv.bias, output);
        return output;
    }

    /// <summary>
    /// Whether <see cref="ForwardInto"/> takes this input: a fused depthwise 3×3 block (no BatchNorm, no activation left
    /// to apply) on a plane the CPU kernel reads, with no gradient wanted.
    /// </summary>
    public bool WritesInto(Tensor input) => fused && act is null && RunsKernel(input);

    /// <summary>The block's output written into <paramref name="output"/> (a view of the input's shape), see <see cref="WritesInto"/>.</summary>
    public void ForwardInto(Tensor input, Tensor output)
    {
        if (!WritesInto(input)) throw new InvalidOperationException("Only a fused depthwise 3×3 block on a float32 CPU plane writes into a given tensor.");
        DepthwiseKernel3x3.Run(input, conv.weight!, conv.bias, output);
    }

    /// <summary>
    /// A 1×1 block whose input would be the concatenation [<paramref name="first"/>', <paramref name="second"/>],
    /// where first' = <paramref name="transformFirst"/>(first) is linear per channel and keeps constants (bicubic
    /// upsampling): projects <paramref name="first"/> with its part of the weights before the transform. Exact in real
    /// arithmetic (the 1×1 convolution mixes channels per pixel, the transform mixes pixels per channel), and the
    /// transform then runs on this block's few output channels instead of the many input ones, with no concatenation.
    /// Unfused (training) the BatchNorm follows the sum as it follows the convolution, so its statistics, outputs and
    /// gradients are those of the plain graph up to rounding; the transform's backward pass shrinks as much as its forward.
    /// </summary>
    public Tensor ForwardConcatenated(Tensor first, Func<Tensor, Tensor> transformFirst, Tensor second)
    {
        if (KernelSize != 1 || Groups != 1)
            throw new InvalidOperationException("Only a 1×1 block can take its input in two parts.");
        using var scope = NewDisposeScope();
        long split = first.shape[1];
        Tensor weight = conv.weight!;
        Tensor x = transformFirst(nn.functional.conv2d(first, weight.narrow(1, 0, split)))
            .PlusInPlace(nn.functional.conv2d(second, weight.narrow(1, split, InChannels - split), conv.bias));
        if (!fused) x = Normalize(x);
        if (act is not null) x = act.forward(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The BatchNorm. In training TorchSharp's BatchNorm2d counts batches with <c>num_batches_tracked.add_(1)</c>, an
    /// implicit Scalar left to the finalizer (see <see cref="RootedScalars"/>); the same update and the same
    /// batch_norm call are made here with rooted scalars (momentum is fixed, so the count only documents the run).
    /// </summary>
    private Tensor Normalize(Tensor x)
    {
        if (!training) return bn.forward(x);
        bn.num_batches_tracked?.add_(RootedScalars.OneInteger, RootedScalars.OneInteger);
        return nn.functional.batch_norm(x, bn.running_mean, bn.running_var, bn.weight, bn.bias, training: true,
            momentum: BatchNormMomentum, eps: BatchNormEps);
    }

    /// <summary>
    /// Reorders a fused block's output channels: output i becomes the old output <paramref name="order"/>[i]
    /// (the weights' rows move; the arithmetic of each channel is unchanged).
    /// </summary>
    public void ReorderOutputChannels(long[] order)
    {
        if (!fused) throw new InvalidOperationException("Fuse the BatchNorm before reordering channels.");
        if (order.Length != OutChannels || order.Distinct().Count() != order.Length || order.Any(i => i < 0 || i >= OutChannels))
            throw new ArgumentException($"Need a permutation of 0…{OutChannels - 1}.", nameof(order));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor index = tensor(order, device: conv.weight!.device);
        conv.weight = new Parameter(conv.weight!.index_select(0, index).contiguous().MoveToOuterDisposeScope(), requires_grad: false);
        conv.bias = new Parameter(conv.bias!.index_select(0, index).contiguous().MoveToOuterDisposeScope(), requires_grad: false);
    }

    /// <summary>Multiply-accumulates of the convolution for an output of height × width.</summary>
    public long ConvMacs(long height, long width) =>
        height * width * OutChannels * (InChannels / Groups) * KernelSize * KernelSize;

    /// <summary>
    /// Folds the BatchNorm's running statistics and affine parameters into the convolution
    /// (w' = w·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε)). Inference only: the block no longer trains like the original.
    /// </summary>
    public void FuseBatchNorm()
    {
        if (fused) return;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor scale = bn.weight! / (bn.running_var! + BatchNormEps).sqrt();
        Tensor weight = conv.weight! * scale.reshape(-1, 1, 1, 1);
        Tensor bias = bn.bias! - bn.running_mean! * scale;
        conv.weight = new Parameter(weight.detach().clone().MoveToOuterDisposeScope(), requires_grad: false);
        conv.bias = new Parameter(bias.detach().clone().MoveToOuterDisposeScope(), requires_grad: false);
        fused = true;
    }
}
