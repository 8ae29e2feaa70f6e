using static TorchSharp.torch;

namespace TinyUNet.Model.Tests;

/// <summary>The float32 CPU depthwise kernel against libtorch's conv2d, and the CMRF that writes through it.</summary>
public sealed class DepthwiseKernel3x3Tests
{
    [Theory]
    [InlineData(2, 4, 256, 256, true)]
    [InlineData(1, 3, 17, 40, false)] // odd, non-square: the last vector overlaps its predecessor
    [InlineData(2, 5, 1, 10, true)]   // one row (no row above or below), the narrowest plane it takes
    [InlineData(1, 2, 12, 11, true)]
    public void Run_SameAsConv2dWithZeroPadding(int batch, int channels, int height, int width, bool withBias)
    {
        manual_seed(5);
        using Tensor input = randn(batch, channels, height, width);
        using Tensor weight = randn(channels, 1, 3, 3);
        using Tensor? bias = withBias ? randn(channels) : null;
        using Tensor expected = nn.functional.conv2d(input, weight, bias, padding: [1, 1], groups: channels);

        KernelChecks.OnOneAndTwoThreads(threads =>
        {
            using Tensor actual = full(input.shape, float.NaN);
            DepthwiseKernel3x3.Run(input, weight, bias, actual);
            KernelChecks.AssertClose(actual, expected, 1e-5, $"{threads} thread(s), kernel against conv2d");
        });
    }

    [Fact]
    public void Run_IntoChannelRangeOfLargerTensor_WritesOnlyThatRange()
    {
        manual_seed(6);
        using Tensor whole = randn(2, 12, 32, 48);
        using Tensor input = whole.narrow(1, 2, 4);  // a view: batch stride of 12 channels
        using Tensor weight = randn(4, 1, 3, 3);
        using Tensor bias = randn(4);
        using Tensor target = full(2, 20, 32, 48, float.NaN);

        DepthwiseKernel3x3.Run(input, weight, bias, target.narrow(1, 8, 4));

        using Tensor expected = nn.functional.conv2d(input, weight, bias, padding: [1, 1], groups: 4);
        KernelChecks.AssertClose(target.narrow(1, 8, 4), expected, 1e-5, "kernel against conv2d in the range");
        Assert.True(target.narrow(1, 0, 8).isnan().all().item<bool>(), "channels before the range were written");
        Assert.True(target.narrow(1, 12, 8).isnan().all().item<bool>(), "channels after the range were written");
    }

    [Fact]
    public void Supports_Float32CpuPlanesWithContiguousRowsOnly()
    {
        using Tensor plane = zeros(1, 4, 16, 16);
        using Tensor float64 = zeros(1, 4, 16, 16, dtype: ScalarType.Float64);
        using Tensor narrow = zeros(1, 4, 16, 9);
        using Tensor transposed = zeros(1, 4, 16, 16).transpose(2, 3);

        Assert.True(DepthwiseKernel3x3.Supports(plane));
        Assert.False(DepthwiseKernel3x3.Supports(float64));
        Assert.False(DepthwiseKernel3x3.Supports(narrow));
        Assert.False(DepthwiseKernel3x3.Supports(transposed));
        Assert.Throws<ArgumentException>(() => DepthwiseKernel3x3.Run(plane, zeros(4, 1, 3, 3), null, zeros(1, 4, 16, 15)));
    }

    [Fact]
    public void FusedCmrf_LargePlane_CascadeWrittenInPlaceSameAsConcatenated()
    {
        manual_seed(8);
        using var cmrf = new Cmrf(32, 64);
        cmrf.eval();
        foreach (var (_, buffer) in cmrf.named_buffers())
            if (buffer.dtype == ScalarType.Float32) buffer.uniform_(0.5, 1.5); // running statistics that matter
        cmrf.FuseForInference();
        using Tensor input = randn(2, 32, 256, 256);

        using Tensor inPlace = WithGrad(false, () => cmrf.forward(input)); // the kernel, written into one tensor
        using Tensor concatenated = WithGrad(true, () => cmrf.forward(input)); // libtorch's convolution and cat

        KernelChecks.AssertClose(inPlace, concatenated, 1e-4, "in place against concatenated");
        Assert.True(concatenated.abs().max().item<float>() > 0.1, "outputs must not be trivially zero");
    }

    private static Tensor WithGrad(bool enabled, Func<Tensor> work)
    {
        using var mode = enabled ? enable_grad() : no_grad();
        return work().detach();
    }
}
