using System.Diagnostics;
using TinyUNet.Model;
using TinyUNet.Model.Bundles;
using TinyUNet.Model.Weights;
using TinyUNet.Training.Augmentation;
using TinyUNet.Training.Data;
using TinyUNet.Training.Losses;
using TinyUNet.Training.Optimization;
using TinyUNet.Training.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TinyUNet.Training;

/// <summary>
/// Trains TinyU-Net on a dataset per a <see cref="TrainingConfig"/>: seeded split, CE + Dice, Adam with cosine
/// annealing, augmentation on the training split only, validation every epoch, a checkpoint per
/// <see cref="TrainingConfig.CheckpointEvery"/> epochs, and a model bundle at the end.
/// Layout of the run folder: checkpoint/ (resumable state), bundle/ (the model), training-report.json inside it.
/// </summary>
public sealed class Trainer(TrainingConfig config, ITrainingObserver observer,
    IReadOnlyDictionary<DatasetFormat, DatasetFactory.Opener>? datasetOpeners = null)
{
    public const string BundleFolder = "bundle";

    public TrainingResult Run(string runDirectory, bool resume, string command, CancellationToken cancellationToken)
    {
        config.Validate();
        Directory.CreateDirectory(runDirectory);
        string configJson = TrainingConfigFile.Serialize(config);
        TrainingCheckpoint? checkpoint = resume && TrainingCheckpoint.Exists(runDirectory) ? TrainingCheckpoint.Read(runDirectory) : null;
        if (checkpoint is not null && checkpoint.Config != configJson)
            throw new InvalidOperationException(
                $"{runDirectory}/{TrainingCheckpoint.FolderName} was written with a different config; resume with the same one or use a new --out.");
        if (checkpoint is null && !resume && TrainingCheckpoint.Exists(runDirectory))
            throw new InvalidOperationException($"{runDirectory} already holds a checkpoint: pass --resume or use a new --out.");

        ISegmentationDataset dataset = DatasetFactory.Open(config.Dataset, config.Classes, config.Window(0, 1), datasetOpeners);
        var (trainIndices, validationIndices) = config.Folds >= 2
            ? DataSplit.Fold(dataset.SampleNames.Count, config.Folds, config.Fold, config.Seed)
            : DataSplit.Make(dataset.SampleNames.Count, config.ValidationCount, config.Limit, config.Seed);
        if (dataset.TargetGroups.Count > 0 && validationIndices.Length > 0)
            throw new DatasetException(DatasetErrorKind.InvalidConfiguration,
                "A dataset with class groups (partial labels) trains without a validation split: set validationCount 0.");
        float? bodyThreshold = config.BodyThresholdHu is { } hu ? config.Window(0, 1).ToUnit(hu) : null;
        using SliceSet train = SliceSet.Load(dataset, trainIndices, config.InputSize, bodyThreshold, config.Orientation);
        using SliceSet validation = SliceSet.Load(dataset, validationIndices, config.InputSize, bodyThreshold, config.Orientation);
        double mean = checkpoint?.Mean ?? config.Mean ?? train.Intensities.mean().item<float>();
        double std = checkpoint?.Std ?? config.Std ?? Math.Max(1e-3, train.Intensities.std().item<float>());
        ChannelPreprocessing[] channels = [.. Enumerable.Repeat(config.Window(mean, std), config.InChannels)];

        Device device = DeviceResolver.Resolve(config.Device);
        random.manual_seed(config.Seed);
        using var network = new TinyUNetNetwork(config.InChannels, config.Classes.Count);
        if (checkpoint is not null) TrainingCheckpoint.LoadWeights(runDirectory, network);
        else if (config.InitialWeights is { } initial) StateDictLoader.LoadStrict(network, InitialWeightsFile(initial));
        network.to(device);
        using var optimizer = new AdamOptimizer(network.parameters(), config.LearningRate, config.Beta1, config.Beta2, weightDecay: config.WeightDecay);
        if (checkpoint is not null) TrainingCheckpoint.LoadOptimizer(runDirectory, optimizer);

        int batches = (train.Count + config.BatchSize - 1) / config.BatchSize;
        string hardware = DeviceResolver.Describe(device);
        int firstEpoch = (checkpoint?.Epoch ?? 0) + 1;
        observer.RunStarted(new TrainingPlan(dataset.Description, train.Count, validation.Count, firstEpoch, config.Epochs, batches, hardware, mean, std));

        var history = new List<EpochResult>(checkpoint?.History ?? []);
        double previousSeconds = checkpoint?.Seconds ?? 0;
        var clock = Stopwatch.StartNew();
        var loss = new SegmentationLoss(config.CrossEntropyWeight, config.DiceWeight, config.DiceSmooth, dataset.TargetGroups);
        var augmenter = new SliceAugmenter(config.Augmentation);
        var validator = new Validator(config.Classes, dataset.LabelledClasses, channels, loss, config.BatchSize);
        for (int epoch = firstEpoch; epoch <= config.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            double lr = CosineLearningRate(epoch);
            optimizer.LearningRate = lr;
            double trainLoss = TrainEpoch(network, optimizer, loss, augmenter, train, channels, device, epoch, batches, cancellationToken);
            var (validationLoss, metrics) = epoch % config.ValidateEvery == 0 || epoch == config.Epochs
                ? validator.Run(network, validation, device)
                : (null, []);
            var result = new EpochResult(epoch, config.Epochs, lr, trainLoss, validationLoss, metrics, epochClock.Elapsed.TotalSeconds, train.Count);
            history.Add(result);
            observer.EpochDone(result);
            if (epoch % config.CheckpointEvery == 0 || epoch == config.Epochs)
                new TrainingCheckpoint(epoch, configJson, mean, std, history, previousSeconds + clock.Elapsed.TotalSeconds)
                    .Save(runDirectory, network, optimizer);
        }

        double seconds = previousSeconds + clock.Elapsed.TotalSeconds;
        network.eval();
        network.to(CPU);
        var writer = new TrainingBundleWriter(config, dataset, train.Names, validation.Names);
        string bundleDirectory = Path.Combine(runDirectory, BundleFolder);
        ModelManifest manifest = writer.Write(bundleDirectory, network, channels, history, command, hardware, seconds);
        return new TrainingResult(bundleDirectory, manifest, history, seconds);
    }

    /// <summary>A bundle folder's weights file, or the file itself.</summary>
    private static string InitialWeightsFile(string path) =>
        Directory.Exists(path) ? Path.Combine(path, ModelBundle.ReadManifest(path).Weights.File) : path;

    /// <summary>PyTorch's CosineAnnealingLR with T_max = epochs, stepped per epoch: epoch 1 runs at the initial rate.</summary>
    public double CosineLearningRate(int epoch) =>
        config.MinLearningRate + (config.LearningRate - config.MinLearningRate) * (1 + Math.Cos(Math.PI * (epoch - 1) / config.Epochs)) / 2;

    private double TrainEpoch(TinyUNetNetwork network, AdamOptimizer optimizer, SegmentationLoss loss, SliceAugmenter augmenter,
        SliceSet train, IReadOnlyList<ChannelPreprocessing> channels, Device device, int epoch, int batches, CancellationToken cancellationToken)
    {
        network.train();
        // Data order and augmentation depend only on (seed, epoch), so a resumed run repeats them exactly.
        var rng = new Random(unchecked(config.Seed * 1_000_003 + epoch));
        int[] order = [.. Enumerable.Range(0, train.Count)];
        rng.Shuffle(order);
        double total = 0;
        for (int b = 0; b < batches; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            long[] picked = [.. order.Skip(b * config.BatchSize).Take(config.BatchSize).Select(i => (long)i)];
            Tensor index = tensor(picked);
            Tensor unit = train.Intensities.index_select(0, index).to(device);
            Tensor labels = train.Labels.index_select(0, index).to(device);
            var (augmented, target) = augmenter.Apply(unit, labels, rng);
            if (config.CropSize > 0 && config.CropSize < config.InputSize) (augmented, target) = RandomCrop(augmented, target, rng);
            Tensor value = loss.Compute(network.forward(SliceTensors.Normalize(augmented, channels)), target);
            optimizer.ZeroGrad();
            value.backward();
            optimizer.Step();
            double batchLoss = value.item<float>();
            total += batchLoss * picked.Length;
            observer.BatchDone(epoch, b + 1, batches, batchLoss);
        }
        return total / train.Count;
    }

    /// <summary>The same random square window of every sample's image and labels (offsets from the run's generator).</summary>
    private (Tensor Unit, Tensor Labels) RandomCrop(Tensor unit, Tensor labels, Random rng)
    {
        int crop = config.CropSize, span = config.InputSize - crop + 1;
        var images = new List<Tensor>();
        var targets = new List<Tensor>();
        for (int i = 0; i < unit.shape[0]; i++)
        {
            int y = rng.Next(span), x = rng.Next(span);
            images.Add(unit.narrow(0, i, 1).narrow(2, y, crop).narrow(3, x, crop));
            targets.Add(labels.narrow(0, i, 1).narrow(1, y, crop).narrow(2, x, crop));
        }
        return (cat(images, 0), cat(targets, 0));
    }
}

/// <summary>The written bundle, its manifest and every epoch of the run (resumed epochs included).</summary>
public sealed record TrainingResult(string BundleDirectory, ModelManifest Manifest, IReadOnlyList<EpochResult> History, double Seconds);
