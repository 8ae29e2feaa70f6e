using System.Globalization;
using System.Text.Json;
using TinyUNet.Model;
using TinyUNet.Model.Bundles;
using TinyUNet.Training.Data;

namespace TinyUNet.Training;

/// <summary>Writes the trained network as a model bundle with provenance, plus training-report.json beside it.</summary>
internal sealed class TrainingBundleWriter(
    TrainingConfig config, ISegmentationDataset dataset, IReadOnlyList<string> trainNames, IReadOnlyList<string> validationNames)
{
    public const string ReportFileName = "training-report.json";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["background"] = "outside the lung field",
        ["lung"] = "lung field without lesions",
        ["ggo"] = "ground-glass opacity",
        ["consolidation"] = "consolidation",
    };

    public ModelManifest Write(string directory, TinyUNetNetwork network, IReadOnlyList<ChannelPreprocessing> channels,
        IReadOnlyList<EpochResult> history, string command, string hardware, double seconds)
    {
        var manifest = new ModelManifest
        {
            Name = config.ModelName,
            Version = config.ModelVersion,
            Architecture = new ArchitectureInfo("TinyU-Net", TinyUNetNetwork.ArchitectureVersion, config.InChannels, config.Classes.Count),
            Input = new InputSpec(config.InputSize, config.InputSize, channels, config.Framing),
            Classes = [.. config.Classes.Select((c, i) => new ClassInfo(i, c, Descriptions.GetValueOrDefault(c)))],
            Weights = new WeightsInfo(ModelBundle.WeightsFileName, new string('0', 64)),
            Provenance = new Provenance(config.Source, config.License, DateTimeOffset.UtcNow,
                TrainingData: $"{dataset.Description}; {trainNames.Count} training / {validationNames.Count} validation slices (seed {config.Seed})",
                Command: command,
                Hardware: $"{hardware}; {history.Count} epochs in {seconds / 60:F1} min",
                Notes: ValidationSummary(history)),
            Inference = config.TestTimeFlipAveraging ? new InferenceDefaults(FlipAveraging: true) : null,
        };
        ModelManifest written = ModelBundle.Save(directory, network, manifest);
        var report = new TrainingReport(command, hardware, seconds, dataset.Description, config, trainNames, validationNames, history);
        File.WriteAllText(Path.Combine(directory, ReportFileName), JsonSerializer.Serialize(report, TrainingConfigFile.Options));
        return written;
    }

    private static string ValidationSummary(IReadOnlyList<EpochResult> history)
    {
        EpochResult? last = history.LastOrDefault();
        if (last is null || last.Validation.Count == 0) return "No validation split.";
        string perClass = string.Join(", ", last.Validation.Select(m =>
            string.Create(CultureInfo.InvariantCulture, $"{m.Name} Dice {m.PooledDice:F3} IoU {m.PooledIoU:F3}")));
        return $"Validation after epoch {last.Epoch} (pooled, at input size): {perClass}.";
    }
}
