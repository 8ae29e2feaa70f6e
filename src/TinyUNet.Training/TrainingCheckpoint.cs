using System.Text.Json;
using TinyUNet.Model;
using TinyUNet.Model.Weights;
using TinyUNet.Training.Optimization;
using static TorchSharp.torch;

namespace TinyUNet.Training;

/// <summary>
/// The resumable state after an epoch: weights and Adam moments (safetensors) and
/// state.json (epoch, config, normalisation, history). Written to a sibling folder and swapped in, so a run killed
/// mid-write still has its previous checkpoint. The learning rate and data order are functions of (seed, epoch),
/// so nothing else is needed to continue exactly.
/// </summary>
public sealed record TrainingCheckpoint(int Epoch, string Config, double Mean, double Std, IReadOnlyList<EpochResult> History, double Seconds)
{
    public const string FolderName = "checkpoint";
    private const string WeightsFile = "model.safetensors", OptimizerFile = "optimizer.safetensors", StateFile = "state.json";

    public static bool Exists(string runDirectory) => File.Exists(Path.Combine(runDirectory, FolderName, StateFile));

    public void Save(string runDirectory, TinyUNetNetwork network, AdamOptimizer optimizer)
    {
        string final = Path.Combine(runDirectory, FolderName), temporary = final + ".tmp", old = final + ".old";
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        Directory.CreateDirectory(temporary);
        TorchSharp.PyBridge.Safetensors.SaveStateDict(Path.Combine(temporary, WeightsFile), network.state_dict());
        optimizer.Save(Path.Combine(temporary, OptimizerFile));
        File.WriteAllText(Path.Combine(temporary, StateFile), JsonSerializer.Serialize(this, TrainingConfigFile.Options));
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        if (Directory.Exists(final)) Directory.Move(final, old);
        Directory.Move(temporary, final);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }

    public static TrainingCheckpoint Read(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FolderName, StateFile);
        return JsonSerializer.Deserialize<TrainingCheckpoint>(File.ReadAllText(path), TrainingConfigFile.Options)
            ?? throw new InvalidDataException($"{path}: empty checkpoint state.");
    }

    /// <summary>Loads weights into <paramref name="network"/> (on the CPU, before it moves) — strict, as bundles are.</summary>
    public static void LoadWeights(string runDirectory, TinyUNetNetwork network)
    {
        StateDictLoader.LoadStrict(network, Path.Combine(runDirectory, FolderName, WeightsFile));
    }

    public static void LoadOptimizer(string runDirectory, AdamOptimizer optimizer) =>
        optimizer.Load(Path.Combine(runDirectory, FolderName, OptimizerFile));
}
