using TinyUNet.Model;
using TinyUNet.Model.Bundles;
using TinyUNet.Training.Augmentation;
using TinyUNet.Training.Data;

namespace TinyUNet.Training;

/// <summary>
/// A training run, read from a JSON file and overridable from the command line. Defaults are the paper's recipe:
/// CE + Dice, Adam (lr 1e-4, β1 0.9), cosine annealing to 1e-6, 256×256 input.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>
    /// The HU window the shared COVID-SemiSeg JPEGs correspond to, estimated from their gray levels (models/README.md):
    /// airway air (−1000 HU) ≈ 17, aerated lung (≈ −850 HU) ≈ 48, mediastinal soft tissue (≈ +40 HU) ≈ 214 → [−1100, +250].
    /// </summary>
    public const double EstimatedWindowCenter = -425, EstimatedWindowWidth = 1350;

    public required DatasetSpec Dataset { get; init; }
    public IReadOnlyList<string> Classes { get; init; } = ["background", "lung", "ggo", "consolidation"];
    /// <summary>3 = the gray replicated, as the paper feeds its RGB-converted slices; 1 also works.</summary>
    public int InChannels { get; init; } = 3;
    public int InputSize { get; init; } = 256;
    /// <summary>
    /// HU window the [0, 1] intensities stand for (for NIfTI/DICOM input it is applied, for 8-bit images it is what
    /// their gray levels are estimated to mean); mean/std null = measured on the training split.
    /// </summary>
    public double WindowCenter { get; init; } = EstimatedWindowCenter;
    public double WindowWidth { get; init; } = EstimatedWindowWidth;
    public double? Mean { get; init; }
    public double? Std { get; init; }
    /// <summary>
    /// Crop every slice to its body (largest region above this HU) before the resize, in training and in inference
    /// (written to the bundle's framing). Null: slices are resized whole.
    /// </summary>
    public double? BodyThresholdHu { get; init; }
    /// <summary>Which way round the training slices are (written to the bundle; DICOM input is turned to match).</summary>
    public SliceOrientation Orientation { get; init; } = SliceOrientation.Radiological;
    /// <summary>
    /// Train on random square crops of this size from each augmented slice (0 = the whole slice). The network is fully
    /// convolutional, so crops keep the learned scale and cost (crop/size)² of a whole slice per step.
    /// </summary>
    public int CropSize { get; init; }
    /// <summary>Start from these weights (a bundle folder or a .safetensors file) instead of a random initialisation.</summary>
    public string? InitialWeights { get; init; }
    /// <summary>k-fold cross-validation: with Folds ≥ 2, fold <see cref="Fold"/> (1..Folds) of a seeded shuffle is the validation split.</summary>
    public int Folds { get; init; }
    public int Fold { get; init; }
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 4;
    public double LearningRate { get; init; } = 1e-4;
    public double MinLearningRate { get; init; } = 1e-6;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double WeightDecay { get; init; }
    public double CrossEntropyWeight { get; init; } = 1;
    public double DiceWeight { get; init; } = 1;
    public double DiceSmooth { get; init; } = 1;
    public int Seed { get; init; } = 42;
    /// <summary>Slices held out for validation (after a seeded shuffle).</summary>
    public int ValidationCount { get; init; } = 10;
    /// <summary>Use only this many slices in all (0 = all): quick smoke runs.</summary>
    public int Limit { get; init; }
    public AugmentationOptions Augmentation { get; init; } = new();
    public string Device { get; init; } = "auto";
    public int CheckpointEvery { get; init; } = 1;
    /// <summary>Validate every this many epochs (and after the last): validation at full size costs a CPU epoch a third.</summary>
    public int ValidateEvery { get; init; } = 1;
    /// <summary>
    /// Written to the bundle as its inference default (<c>inference.flipAveraging</c>): the recipe was chosen with
    /// test-time flip averaging, so the worker runs the model that way unless its operator says otherwise.
    /// </summary>
    public bool TestTimeFlipAveraging { get; init; }
    public string ModelName { get; init; } = "tinyunet-covid";
    public string ModelVersion { get; init; } = "1.0.0";
    public string Source { get; init; } = "Trained with tinyunet train";
    public string License { get; init; } = "Non-commercial research use only (training data licence)";

    public ChannelPreprocessing Window(double mean, double std) => new(WindowCenter, WindowWidth, mean, std);

    public SliceFraming Framing => new(BodyThresholdHu, Orientation);

    public void Validate()
    {
        var problems = new List<string>();
        if (Classes.Count < 2) problems.Add("at least two classes");
        if (InChannels < 1) problems.Add("inChannels ≥ 1");
        if (InputSize < TinyUNetNetwork.SizeMultiple || InputSize % TinyUNetNetwork.SizeMultiple != 0)
            problems.Add($"inputSize a positive multiple of {TinyUNetNetwork.SizeMultiple}");
        if (WindowWidth <= 0) problems.Add("windowWidth > 0");
        if (Std is <= 0) problems.Add("std > 0");
        if (Epochs < 1) problems.Add("epochs ≥ 1");
        if (BatchSize < 1) problems.Add("batchSize ≥ 1");
        if (LearningRate <= 0 || MinLearningRate < 0 || MinLearningRate > LearningRate) problems.Add("0 ≤ minLearningRate ≤ learningRate, learningRate > 0");
        if (ValidationCount < 0 || Limit < 0) problems.Add("validationCount and limit ≥ 0");
        if (CheckpointEvery < 1 || ValidateEvery < 1) problems.Add("checkpointEvery and validateEvery ≥ 1");
        if (CropSize != 0 && (CropSize < TinyUNetNetwork.SizeMultiple || CropSize % TinyUNetNetwork.SizeMultiple != 0 || CropSize > InputSize))
            problems.Add($"cropSize 0 or a multiple of {TinyUNetNetwork.SizeMultiple} up to inputSize");
        if (Folds == 1 || Folds < 0 || (Folds >= 2 && (Fold < 1 || Fold > Folds)))
            problems.Add("folds 0 (use validationCount) or ≥ 2 with 1 ≤ fold ≤ folds");
        if (problems.Count > 0)
            throw new DatasetException(DatasetErrorKind.InvalidConfiguration, $"Invalid training config: needs {string.Join(", ", problems)}.");
    }
}
