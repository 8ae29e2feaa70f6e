using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>Encoder stage: CMRF, then 2×2 max-pool. Returns (pooled, skip).</summary>
public sealed class UNetEncoder : nn.Module<Tensor, (Tensor Pooled, Tensor Skip)>
{
    private readonly Cmrf cmrf;
    private readonly MaxPool2d downsample;

    public UNetEncoder(long inChannels, long outChannels) : base(nameof(UNetEncoder))
    {
        cmrf = new Cmrf(inChannels, outChannels);
        downsample = nn.MaxPool2d(kernel_size: 2, stride: 2);
        RegisterComponents();
    }

    public Cmrf Cmrf => cmrf;

    /// <summary>Pool with libtorch's max_pool2d, as the official code does (tests and benchmarks compare against it).</summary>
    public bool PlainGraph { get; set; }

    public override (Tensor Pooled, Tensor Skip) forward(Tensor input)
    {
        Tensor skip = cmrf.forward(input);
        return (PlainGraph ? downsample.forward(skip) : MaxOfFour(skip), skip);
    }

    /// <summary>
    /// 2×2 max-pooling, stride 2, as the element-wise maximum of the four strided views: the same values (max is
    /// exact), several times faster on the CPU than libtorch's max_pool2d, which also works out indices. Its gradient
    /// is max_pool2d's except on ties inside a window (max_pool2d gives it all to one input, maximum shares it), which
    /// real-valued activations do not reach.
    /// </summary>
    private static Tensor MaxOfFour(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor View(long row, long column) => x[.., .., TensorIndex.Slice(row, null, 2), TensorIndex.Slice(column, null, 2)];
        return maximum(maximum(View(0, 0), View(0, 1)), maximum(View(1, 0), View(1, 1))).MoveToOuterDisposeScope();
    }
}
