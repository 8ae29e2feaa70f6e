using static TorchSharp.torch;

namespace TinyUNet.Model.Tests;

/// <summary>The float32 CPU pooling kernel against libtorch's max_pool2d.</summary>
public sealed class MaxPoolKernel2x2Tests
{
    [Theory]
    [InlineData(2, 64, 256, 256)]
    [InlineData(1, 3, 6, 36)]  // 36 columns: two vectors of 16, then a scalar tail of 4
    [InlineData(1, 5, 2, 2)]   // one output pixel, scalar only
    public void Run_SameAsMaxPool2d(int batch, int channels, int height, int width)
    {
        manual_seed(9);
        using Tensor input = randn(batch, channels, height, width);
        using Tensor expected = nn.functional.max_pool2d(input, 2, 2);

        KernelChecks.OnOneAndTwoThreads(threads =>
        {
            using Tensor actual = MaxPoolKernel2x2.Run(input);
            Assert.Equal(expected.shape, actual.shape);
            Assert.True(actual.eq(expected).all().item<bool>(), $"{threads} thread(s): pooled values differ from max_pool2d");
        });
    }

    [Fact]
    public void Run_ChannelRangeView_PoolsThatRange()
    {
        manual_seed(10);
        using Tensor whole = randn(2, 10, 32, 48);
        using Tensor view = whole.narrow(1, 3, 4);

        using Tensor actual = MaxPoolKernel2x2.Run(view);

        Assert.True(actual.eq(nn.functional.max_pool2d(view, 2, 2)).all().item<bool>());
    }

    [Fact]
    public void Supports_EvenFloat32CpuPlanesOnly()
    {
        Assert.False(MaxPoolKernel2x2.Supports(zeros(1, 4, 16, 15)));
        Assert.False(MaxPoolKernel2x2.Supports(zeros(1, 4, 16, 16, dtype: ScalarType.Float64)));
        Assert.False(MaxPoolKernel2x2.Supports(zeros(1, 4, 16, 16).transpose(2, 3)));
        Assert.Throws<ArgumentException>(() => MaxPoolKernel2x2.Run(zeros(1, 4, 15, 16)));
    }
}
