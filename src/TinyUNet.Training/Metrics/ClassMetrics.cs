namespace TinyUNet.Training.Metrics;

/// <summary>
/// One class over a set. Pooled: TP/FP/FN summed over all images, then Dice = 2TP/(2TP+FP+FN), IoU = TP/(TP+FP+FN).
/// Mean: the per-image values averaged over the <see cref="ImagesWithClass"/> images whose truth contains the class.
/// </summary>
public sealed record ClassMetrics(
    int Index,
    string Name,
    double PooledDice,
    double PooledIoU,
    double? MeanDice,
    double? MeanIoU,
    int ImagesWithClass,
    long TruthPixels,
    long PredictedPixels);
