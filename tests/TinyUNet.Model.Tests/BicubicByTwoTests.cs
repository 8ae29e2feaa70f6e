using static TorchSharp.torch;

namespace TinyUNet.Model.Tests;

/// <summary>The fixed-filter bicubic ×2 against libtorch's interpolate (bicubic, align_corners = false).</summary>
public sealed class BicubicByTwoTests
{
    [Theory]
    [InlineData(2, 8, 16, 16)]
    [InlineData(1, 3, 5, 7)]  // odd, non-square
    [InlineData(1, 2, 1, 3)]  // a single row: every tap clamped
    public void Upsample_SameAsLibtorchBicubic(int batch, int channels, int height, int width)
    {
        manual_seed(5);
        using Tensor input = randn(batch, channels, height, width, dtype: ScalarType.Float64);

        using Tensor expected = nn.functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bicubic,
            align_corners: false);
        using Tensor actual = BicubicByTwo.Upsample(input);

        KernelChecks.AssertClose(actual, expected, 1e-12, "fixed filters against interpolate");
    }

    [Fact]
    public void Upsample_Backward_SameGradientAsLibtorchBicubic()
    {
        manual_seed(6);
        using Tensor weights = randn(1, 4, 12, 10, dtype: ScalarType.Float64);
        Tensor Gradient(Func<Tensor, Tensor> upsample)
        {
            using Tensor input = randn(1, 4, 6, 5, dtype: ScalarType.Float64, generator: new Generator(3)).requires_grad_(true);
            using Tensor loss = (upsample(input) * weights).sum();
            loss.backward();
            return input.grad!.clone();
        }

        using Tensor expected = Gradient(x => nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bicubic,
            align_corners: false));
        using Tensor actual = Gradient(BicubicByTwo.Upsample);

        Assert.True((actual - expected).abs().max().item<double>() < 1e-12);
    }
}
