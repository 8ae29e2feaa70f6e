using static TorchSharp.torch;

namespace TinyUNet.Model.Tests;

/// <summary>The shifted-sum depthwise convolution against libtorch's conv2d (oneDNN's kernel).</summary>
public sealed class ShiftedDepthwiseConvolutionTests
{
    [Theory]
    [InlineData(4, 256, 256, true)]
    [InlineData(3, 17, 40, false)] // odd, non-square: every border case
    [InlineData(8, 2, 3, true)]    // planes smaller than the kernel
    public void Forward_SameAsConv2dWithZeroPadding(int channels, int height, int width, bool withBias)
    {
        manual_seed(11);
        // float64 compares the arithmetic; float32 rounding differs by the order of the nine products only.
        using Tensor input = randn(2, channels, height, width, dtype: ScalarType.Float64);
        using Tensor weight = randn(channels, 1, 3, 3, dtype: ScalarType.Float64);
        using Tensor? bias = withBias ? randn(channels, dtype: ScalarType.Float64) : null;

        using Tensor expected = nn.functional.conv2d(input, weight, bias, padding: [1, 1], groups: channels);
        using Tensor actual = ShiftedDepthwiseConvolution.Forward(input, weight, bias);

        Assert.Equal(expected.shape, actual.shape);
        double maxDiff = (actual - expected).abs().max().item<double>();
        Assert.True(maxDiff < 1e-12, $"max |shifted − conv2d| = {maxDiff}");
    }

    [Fact]
    public void Forward_NotADepthwise3x3Weight_Throws()
    {
        using Tensor input = zeros(1, 4, 8, 8);
        using Tensor weight = zeros(4, 2, 3, 3);

        Assert.Throws<ArgumentException>(() => ShiftedDepthwiseConvolution.Forward(input, weight, null));
    }

    [Fact]
    public void Prefers_LargePlanesOnly()
    {
        using Tensor full = zeros(1, 4, 256, 256);
        using Tensor half = zeros(1, 8, 128, 128);

        Assert.True(ShiftedDepthwiseConvolution.Prefers(full));
        Assert.False(ShiftedDepthwiseConvolution.Prefers(half));
    }
}
