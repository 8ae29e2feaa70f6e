namespace TinyUNet.Training;

/// <summary>What a run is about to do (after the split and any resume).</summary>
public sealed record TrainingPlan(
    string Dataset,
    int TrainSlices,
    int ValidationSlices,
    int FirstEpoch,
    int Epochs,
    int BatchesPerEpoch,
    string Hardware,
    double Mean,
    double Std);
