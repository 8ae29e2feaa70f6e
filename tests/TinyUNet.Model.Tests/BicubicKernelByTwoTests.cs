using static TorchSharp.torch;

namespace TinyUNet.Model.Tests;

/// <summary>The float32 CPU bicubic kernel against libtorch's interpolate (bicubic, align_corners = false).</summary>
public sealed class BicubicKernelByTwoTests
{
    [Theory]
    [InlineData(2, 8, 16, 16)]
    [InlineData(1, 4, 128, 128)]
    [InlineData(1, 3, 5, 13)] // one vector a row, then a scalar tail; five rows: every clamped row
    [InlineData(1, 2, 3, 9)]  // narrower than one vector and its taps: scalar only
    [InlineData(1, 2, 1, 1)]  // one pixel: every tap clamped to it
    public void Run_SameAsInterpolate(int batch, int channels, int height, int width)
    {
        manual_seed(12);
        using Tensor input = randn(batch, channels, height, width);
        using Tensor expected = nn.functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bicubic, align_corners: false);

        KernelChecks.OnOneAndTwoThreads(threads =>
        {
            using Tensor actual = BicubicKernelByTwo.Run(input);
            KernelChecks.AssertClose(actual, expected, 1e-5, $"{threads} thread(s), kernel against interpolate");
        });
    }

    [Fact]
    public void Run_ChannelRangeView_UpsamplesThatRange()
    {
        manual_seed(13);
        using Tensor whole = randn(2, 10, 20, 24);
        using Tensor view = whole.narrow(1, 4, 3);

        using Tensor actual = BicubicKernelByTwo.Run(view);

        using Tensor expected = nn.functional.interpolate(view, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bicubic, align_corners: false);
        KernelChecks.AssertClose(actual, expected, 1e-5, "kernel against interpolate on a view");
    }

    [Fact]
    public void Supports_Float32CpuPlanesWithContiguousRowsOnly()
    {
        using Tensor float64 = zeros(1, 2, 8, 8, dtype: ScalarType.Float64);
        using Tensor transposed = zeros(1, 2, 8, 16).transpose(2, 3);

        Assert.False(BicubicKernelByTwo.Supports(float64));
        Assert.False(BicubicKernelByTwo.Supports(transposed));
        Assert.Throws<ArgumentException>(() => BicubicKernelByTwo.Run(float64));
    }
}
