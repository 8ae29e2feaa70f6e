using TinyUNet.Training.Metrics;

namespace TinyUNet.Training;

/// <summary>One finished epoch: mean training loss, validation loss and per-class validation metrics (at input size).</summary>
public sealed record EpochResult(
    int Epoch,
    int Epochs,
    double LearningRate,
    double TrainLoss,
    double? ValidationLoss,
    IReadOnlyList<ClassMetrics> Validation,
    double Seconds,
    int TrainSlices);
