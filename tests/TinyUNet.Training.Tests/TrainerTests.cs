using TinyUNet.Model.Bundles;
using TinyUNet.Training.Augmentation;
using TinyUNet.Training.Data;

namespace TinyUNet.Training.Tests;

public sealed class TrainerTests
{
    private sealed class RecordingObserver : ITrainingObserver
    {
        public List<EpochResult> Epochs { get; } = [];
        public void RunStarted(TrainingPlan plan) { }
        public void BatchDone(int epoch, int batch, int batches, double loss) { }
        public void EpochDone(EpochResult result) => Epochs.Add(result);
    }

    /// <summary>4 training + 1 validation shared slices at 64×64, no augmentation: only that the machinery learns.</summary>
    private static TrainingConfig SmallRun(int epochs) => new()
    {
        Dataset = new DatasetSpec { Path = SharedData.CovidSemiSeg },
        InputSize = 64,
        Epochs = epochs,
        BatchSize = 4,
        LearningRate = 3e-3,
        Limit = 5,
        ValidationCount = 1,
        Device = "cpu",
        Augmentation = new AugmentationOptions { Enabled = false },
    };

    [Fact]
    public void Run_FewSharedSlices_LossFallsAndBundleLoads()
    {
        using var temp = new TempFolder();
        var observer = new RecordingObserver();

        TrainingResult result = new Trainer(SmallRun(4), observer).Run(temp.Path, resume: false, "test", CancellationToken.None);

        Assert.Equal(4, observer.Epochs.Count);
        Assert.True(observer.Epochs[^1].TrainLoss < observer.Epochs[0].TrainLoss,
            $"loss {observer.Epochs[0].TrainLoss} → {observer.Epochs[^1].TrainLoss}");
        using ModelBundle bundle = ModelBundle.Load(result.BundleDirectory);
        Assert.Equal(["background", "lung", "ggo", "consolidation"], bundle.Manifest.Classes.Select(c => c.Name));
        Assert.Equal(TrainingConfig.EstimatedWindowWidth, bundle.Manifest.Input.Channels[0].WindowWidth);
        Assert.Equal("test", bundle.Manifest.Provenance.Command);
        Assert.Contains("Validation after epoch 4", bundle.Manifest.Provenance.Notes);
        Assert.True(File.Exists(Path.Combine(result.BundleDirectory, "training-report.json")));
    }

    [Fact]
    public void Run_ResumeAfterLastEpoch_KeepsHistoryAndTrainsNoMore()
    {
        using var temp = new TempFolder();
        new Trainer(SmallRun(1), new RecordingObserver()).Run(temp.Path, resume: false, "first", CancellationToken.None);
        var observer = new RecordingObserver();

        TrainingResult resumed = new Trainer(SmallRun(1), observer).Run(temp.Path, resume: true, "again", CancellationToken.None);

        Assert.Empty(observer.Epochs);
        Assert.Single(resumed.History);
    }

    [Fact]
    public void Run_ExistingCheckpointWithoutResume_Refuses()
    {
        using var temp = new TempFolder();
        new Trainer(SmallRun(1), new RecordingObserver()).Run(temp.Path, resume: false, "first", CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() =>
            new Trainer(SmallRun(1), new RecordingObserver()).Run(temp.Path, resume: false, "second", CancellationToken.None));
    }

    [Fact]
    public void CosineLearningRate_StartsAtInitialAndApproachesMinimum()
    {
        var trainer = new Trainer(SmallRun(10) with { LearningRate = 1e-4, MinLearningRate = 1e-6 }, new RecordingObserver());

        Assert.Equal(1e-4, trainer.CosineLearningRate(1), 12);
        Assert.Equal((1e-4 + 1e-6) / 2, trainer.CosineLearningRate(6), 12);
        Assert.InRange(trainer.CosineLearningRate(10), 1e-6, 5e-6);
    }

    [Fact]
    public void Split_SameSeed_SameValidationSlices()
    {
        var (trainA, validationA) = DataSplit.Make(50, 10, 0, 42);
        var (_, validationB) = DataSplit.Make(50, 10, 0, 42);

        Assert.Equal(validationA, validationB);
        Assert.Equal(40, trainA.Length);
        Assert.Empty(trainA.Intersect(validationA));
    }

    [Fact]
    public void Fold_FiveFolds_DisjointValidationPartsCoverEverySample()
    {
        var parts = Enumerable.Range(1, 5).Select(k => DataSplit.Fold(50, 5, k, 42)).ToList();

        Assert.All(parts, p => Assert.Equal(10, p.Validation.Length));
        Assert.All(parts, p => Assert.Empty(p.Train.Intersect(p.Validation)));
        Assert.Equal(Enumerable.Range(0, 50), parts.SelectMany(p => p.Validation).Order());
    }

    [Fact]
    public void Run_InitialWeightsCropAndFraming_StartsFromThemAndWritesTheFraming()
    {
        using var temp = new TempFolder();
        TrainingResult first = new Trainer(SmallRun(1), new RecordingObserver())
            .Run(temp.Folder("first"), resume: false, "first", CancellationToken.None);
        // A learning rate too small to move a float32 weight: the fine-tuned convolutions are the initial ones.
        TrainingConfig fineTune = SmallRun(1) with
        {
            InitialWeights = first.BundleDirectory,
            LearningRate = 1e-15,
            MinLearningRate = 0,
            CropSize = 32,
            BodyThresholdHu = -500,
            Orientation = SliceOrientation.Transposed,
            Folds = 5,
            Fold = 2,
        };

        TrainingResult second = new Trainer(fineTune, new RecordingObserver())
            .Run(temp.Folder("second"), resume: false, "second", CancellationToken.None);

        using ModelBundle a = ModelBundle.Load(first.BundleDirectory);
        using ModelBundle b = ModelBundle.Load(second.BundleDirectory);
        const string weight = "encoder1.cmrf.pwconv1.conv.weight";
        Assert.True(a.Network.state_dict()[weight].allclose(b.Network.state_dict()[weight], rtol: 0, atol: 0));
        Assert.Equal(new SliceFraming(-500, SliceOrientation.Transposed), b.Manifest.Input.Framing);
    }

    [Fact]
    public void Run_PartialLabelsWithValidationSplit_ThrowsTypedError()
    {
        using var temp = new TempFolder();
        TrainingConfig config = SmallRun(1) with
        {
            Dataset = new DatasetSpec
            {
                Path = SharedData.CovidSemiSeg,
                ClassMap = new Dictionary<string, string> { ["0"] = "background", ["1"] = "ggo|consolidation", ["2"] = "ggo|consolidation" },
            },
        };

        var error = Assert.Throws<DatasetException>(() =>
            new Trainer(config, new RecordingObserver()).Run(temp.Path, resume: false, "test", CancellationToken.None));

        Assert.Equal(DatasetErrorKind.InvalidConfiguration, error.Kind);
    }
}
