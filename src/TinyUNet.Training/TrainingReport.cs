namespace TinyUNet.Training;

/// <summary>training-report.json in the bundle: the config, the split by sample name, every epoch, the final validation.</summary>
public sealed record TrainingReport(
    string Command,
    string Hardware,
    double Seconds,
    string Dataset,
    TrainingConfig Config,
    IReadOnlyList<string> TrainSamples,
    IReadOnlyList<string> ValidationSamples,
    IReadOnlyList<EpochResult> History);
