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
        // Training keeps max_pool2d: its backward scatters to the recorded indices, where maximum's backward compares,
        // masks and fills whole tensors (forward + backward at 8 × 64 × 256²: 262 against 574 ms).
        bool pooledByLibtorch = PlainGraph || is_grad_enabled();
        return (pooledByLibtorch ? downsample.forward(skip)
            : MaxPoolKernel2x2.Supports(skip) ? MaxPoolKernel2x2.Run(skip)
            : MaxPoolByTwo(skip), skip);
    }

    /// <summary>
    /// 2×2 max-pooling, stride 2, as two element-wise maxima: of each pair of rows (whole rows, read in order), then of
    /// each pair of columns of that. The same values (max is exact), several times faster on the CPU than libtorch's
    /// max_pool2d, which also works out indices, and than the maximum of the four strided views (2.7× at 64 × 256²,
    /// one thread). Inference only (no gradient wanted), where <see cref="MaxPoolKernel2x2"/> does not apply (not
    /// float32 on an AVX2 CPU).
    /// </summary>
    private static Tensor MaxPoolByTwo(Tensor x)
    {
        using var scope = NewDisposeScope();
        long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        Tensor rowPairs = x.reshape(n, c, h / 2, 2, w);
        Tensor rows = maximum(rowPairs.select(3, 0), rowPairs.select(3, 1));
        Tensor columnPairs = rows.view(n, c, h / 2, w / 2, 2);
        return maximum(columnPairs.select(4, 0), columnPairs.select(4, 1)).MoveToOuterDisposeScope();
    }
}
