using TinyUNet.Training.Augmentation;
using static TorchSharp.torch;

namespace TinyUNet.Training.Tests;

public sealed class SliceAugmenterTests
{
    private static (Tensor Unit, Tensor Labels) Batch()
    {
        Tensor unit = linspace(0, 1, 2 * 32 * 32).reshape(2, 1, 32, 32).to(ScalarType.Float32);
        Tensor labels = (arange(2 * 32 * 32) % 3).reshape(2, 32, 32).to(ScalarType.Byte);
        return (unit, labels);
    }

    [Fact]
    public void Apply_SameSeed_SameOutput_LabelsStayClassIndices()
    {
        var (unit, labels) = Batch();
        var augmenter = new SliceAugmenter(new AugmentationOptions());

        var (a, la) = augmenter.Apply(unit, labels, new Random(5));
        var (b, lb) = augmenter.Apply(unit, labels, new Random(5));

        Assert.True(a.eq(b).all().item<bool>());
        Assert.True(la.eq(lb).all().item<bool>());
        Assert.Equal(ScalarType.Int64, la.dtype);
        Assert.True(la.ge(0).all().item<bool>() && la.le(2).all().item<bool>());
        Assert.True(a.ge(0).all().item<bool>() && a.le(1).all().item<bool>());
    }

    [Fact]
    public void Apply_Disabled_ReturnsInputUnchanged()
    {
        var (unit, labels) = Batch();

        var (a, la) = new SliceAugmenter(new AugmentationOptions { Enabled = false }).Apply(unit, labels, new Random(5));

        Assert.True(a.eq(unit).all().item<bool>());
        Assert.True(la.eq(labels.to(ScalarType.Int64)).all().item<bool>());
    }
}
