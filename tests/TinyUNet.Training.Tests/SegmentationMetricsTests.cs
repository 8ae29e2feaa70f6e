using TinyUNet.Training.Metrics;

namespace TinyUNet.Training.Tests;

public sealed class SegmentationMetricsTests
{
    [Fact]
    public void Result_TwoImages_PooledAndPerImageValues()
    {
        var metrics = new SegmentationMetrics(["background", "lesion"]);
        // Image 1: truth 1 1 0 0, prediction 1 0 0 0 → lesion TP 1, FN 1: Dice 2/3, IoU 1/2.
        metrics.Add([1, 0, 0, 0], [1, 1, 0, 0]);
        // Image 2: no lesion in truth, one false positive: not counted in the per-image mean.
        metrics.Add([0, 0, 0, 1], [0, 0, 0, 0]);

        ClassMetrics lesion = metrics.Result([1]).Single();

        Assert.Equal(2 * 1.0 / (2 + 1 + 1), lesion.PooledDice, 6);   // TP 1, FP 1, FN 1
        Assert.Equal(1.0 / 3, lesion.PooledIoU, 6);
        Assert.Equal(2.0 / 3, lesion.MeanDice!.Value, 6);
        Assert.Equal(0.5, lesion.MeanIoU!.Value, 6);
        Assert.Equal(1, lesion.ImagesWithClass);
        Assert.Equal(2, lesion.TruthPixels);
        Assert.Equal(2, lesion.PredictedPixels);
    }

    [Fact]
    public void Result_ClassNeverPresent_MeanIsNullPooledIsOne()
    {
        var metrics = new SegmentationMetrics(["background", "lesion"]);
        metrics.Add([0, 0], [0, 0]);

        ClassMetrics lesion = metrics.Result([1]).Single();

        Assert.Null(lesion.MeanDice);
        Assert.Equal(1, lesion.PooledDice);
    }
}
