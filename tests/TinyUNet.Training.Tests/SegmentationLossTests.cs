using TinyUNet.Training.Losses;
using static TorchSharp.torch;

namespace TinyUNet.Training.Tests;

public sealed class SegmentationLossTests
{
    // 2 classes, one 2×2 image. Logits (class0, class1) per pixel: (0,0) (ln3,0) (0,ln3) (0,0); truth 0,0,1,1.
    // Softmax p1 = 0.5, 0.25, 0.75, 0.5.
    private static (Tensor Logits, Tensor Target) Example()
    {
        float ln3 = MathF.Log(3);
        Tensor logits = tensor(new float[] { 0, ln3, 0, 0, /* class 1: */ 0, 0, ln3, 0 }, [1, 2, 2, 2]);
        Tensor target = tensor(new long[] { 0, 0, 1, 1 }, [1, 2, 2]);
        return (logits, target);
    }

    [Fact]
    public void CrossEntropy_TwoByTwo_MatchesHandValue()
    {
        var (logits, target) = Example();
        // −(ln 0.5 + ln 0.75 + ln 0.75 + ln 0.5) / 4
        double expected = -(2 * Math.Log(0.5) + 2 * Math.Log(0.75)) / 4;

        double actual = SegmentationLoss.CrossEntropy(logits, target).item<float>();

        Assert.Equal(expected, actual, 5);
    }

    [Fact]
    public void DiceLoss_TwoByTwoNoSmoothing_MatchesHandValue()
    {
        var (logits, target) = Example();
        // class 0: p0 = .5 .75 .25 .5, g0 = 1 1 0 0 → 2·1.25 / (2 + 2) = 0.625; class 1 by symmetry 0.625.
        double expected = 1 - 0.625;

        double actual = SegmentationLoss.DiceLoss(logits, target, smooth: 0).item<float>();

        Assert.Equal(expected, actual, 5);
    }

    [Fact]
    public void DiceLoss_AbsentClassWithSmoothing_CountsNearlyPerfectWhenNotPredicted()
    {
        // 3 classes, class 2 absent and given almost no probability: its Dice is smooth / (Σp + smooth) ≈ 1.
        Tensor logits = tensor(new float[] { 9, 9, 9, 9, -9, -9, -9, -9, -30, -30, -30, -30 }, [1, 3, 2, 2]);
        Tensor target = zeros(new long[] { 1, 2, 2 }, ScalarType.Int64);

        double loss = SegmentationLoss.DiceLoss(logits, target, smooth: 1).item<float>();

        Assert.InRange(loss, 0, 0.01);
    }

    [Fact]
    public void Compute_WeightsBothTerms()
    {
        var (logits, target) = Example();
        double ce = SegmentationLoss.CrossEntropy(logits, target).item<float>();
        double dice = SegmentationLoss.DiceLoss(logits, target, 0).item<float>();

        double total = new SegmentationLoss(crossEntropyWeight: 2, diceWeight: 0.5, smooth: 0).Compute(logits, target).item<float>();

        Assert.Equal(2 * ce + 0.5 * dice, total, 5);
    }

    [Fact]
    public void Compute_GroupLabel_ScoresTheSummedProbabilityOfItsMembers()
    {
        // 3 classes; pixel 0 is class 0, pixel 1 is "class 1 or 2" (target 3 = group 0). Softmax per pixel:
        // pixel 0 (ln 2, 0, 0) → p0 = 0.5; pixel 1 (0, ln 2, ln 3) → p1 + p2 = 5/6.
        float ln2 = MathF.Log(2), ln3 = MathF.Log(3);
        Tensor logits = tensor(new float[] { ln2, 0, /* class 1 */ 0, ln2, /* class 2 */ 0, ln3 }, [1, 3, 1, 2]);
        Tensor target = tensor(new long[] { 0, 3 }, [1, 1, 2]);
        var loss = new SegmentationLoss(crossEntropyWeight: 1, diceWeight: 0, groups: [[1, 2]]);

        double actual = loss.Compute(logits, target).item<float>();

        Assert.Equal(-(Math.Log(0.5) + Math.Log(5.0 / 6)) / 2, actual, 5);
    }

    [Fact]
    public void Compute_GroupLabel_DiceOverThePartitionWithTheGroupAsOneRegion()
    {
        // Same pixels; partition {0}, {1, 2}. Region {0}: p = 0.5, 1/6; truth 1, 0 → 2·0.5 / (2/3 + 1) = 0.6.
        // Region {1, 2}: p = 0.5, 5/6; truth 0, 1 → 2·5/6 / (4/3 + 1) = 5/7.
        float ln2 = MathF.Log(2), ln3 = MathF.Log(3);
        Tensor logits = tensor(new float[] { ln2, 0, 0, ln2, 0, ln3 }, [1, 3, 1, 2]);
        Tensor target = tensor(new long[] { 0, 3 }, [1, 1, 2]);
        var loss = new SegmentationLoss(crossEntropyWeight: 0, diceWeight: 1, smooth: 0, groups: [[1, 2]]);

        double actual = loss.Compute(logits, target).item<float>();

        Assert.Equal(1 - (0.6 + 5.0 / 7) / 2, actual, 5);
    }

    [Fact]
    public void Compute_NoGroups_IsThePapersLoss()
    {
        var (logits, target) = Example();

        double grouped = new SegmentationLoss(groups: []).Compute(logits, target).item<float>();
        double plain = new SegmentationLoss().Compute(logits, target).item<float>();

        Assert.Equal(plain, grouped, 6);
    }
}
