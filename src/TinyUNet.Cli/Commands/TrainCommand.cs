using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TinyUNet.Training;
using TinyUNet.Training.Data;
using TinyUNet.Training.Dicom;

namespace TinyUNet.Cli.Commands;

/// <summary>`train`: a training config (JSON) and/or a dataset folder, overridable per option → a model bundle.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "Training config (JSON); options below override it." };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Dataset folder (images/ + masks/; images/ + labels/ NIfTI; or <case>/ct/ + <case>/seg.dcm DICOM)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Run folder: checkpoint/ and bundle/.", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from <out>/checkpoint (same config)." };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (default 100)." };
        var batch = new Option<int?>("--batch-size") { Description = "Slices per batch (default 4)." };
        var lr = new Option<double?>("--lr") { Description = "Initial learning rate (default 1e-4)." };
        var size = new Option<int?>("--size") { Description = "Input height and width, multiple of 16 (default 256)." };
        var inChannels = new Option<int?>("--in-channels") { Description = "Input channels (default 3: gray replicated)." };
        var validation = new Option<int?>("--validation-count") { Description = "Slices held out for validation (default 10)." };
        var limit = new Option<int?>("--limit") { Description = "Use only this many slices (smoke runs)." };
        var seed = new Option<int?>("--seed") { Description = "Seed for split, initialisation, order, augmentation (default 42)." };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N (default auto)." };
        var noAugment = new Option<bool>("--no-augment") { Description = "Disable augmentation." };
        var lung = new Option<LungFieldMode?>("--lung") { Description = "derive (classical lung-field labels) or none." };
        var crop = new Option<int?>("--crop-size") { Description = "Train on random square crops of this size (0 = whole slices)." };
        var init = new Option<string?>("--init") { Description = "Start from these weights (bundle folder or .safetensors): pre-train, then fine-tune." };
        var folds = new Option<int?>("--folds") { Description = "k-fold cross-validation: number of folds (≥ 2; replaces --validation-count)." };
        var fold = new Option<int?>("--fold") { Description = "The fold (1..folds) held out for validation." };
        var threads = new Option<int>("--threads")
        {
            Description = "libtorch CPU threads (0 = its default). On a shared, oversubscribed CPU 1 is faster than spinning threads.",
        };
        var command = new Command("train", "Train TinyU-Net (CE + Dice, Adam, cosine annealing) and write a model bundle.")
        {
            config, data, output, resume, epochs, batch, lr, size, inChannels, validation, limit, seed, device, noAugment, lung,
            crop, init, folds, fold, threads,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            // Threads are a property of the machine, not of the recipe: not in the config, so a resume may change them.
            if (parse.GetValue(threads) > 0) TorchSharp.torch.set_num_threads(parse.GetValue(threads));
            TrainingConfig settings = Load(parse.GetValue(config), parse.GetValue(data));
            settings = settings with
            {
                Epochs = parse.GetValue(epochs) ?? settings.Epochs,
                BatchSize = parse.GetValue(batch) ?? settings.BatchSize,
                LearningRate = parse.GetValue(lr) ?? settings.LearningRate,
                InputSize = parse.GetValue(size) ?? settings.InputSize,
                InChannels = parse.GetValue(inChannels) ?? settings.InChannels,
                ValidationCount = parse.GetValue(validation) ?? settings.ValidationCount,
                Limit = parse.GetValue(limit) ?? settings.Limit,
                Seed = parse.GetValue(seed) ?? settings.Seed,
                Device = parse.GetValue(device) ?? settings.Device,
                CropSize = parse.GetValue(crop) ?? settings.CropSize,
                InitialWeights = parse.GetValue(init) is { } weights ? Path.GetFullPath(weights) : settings.InitialWeights,
                Folds = parse.GetValue(folds) ?? settings.Folds,
                Fold = parse.GetValue(fold) ?? settings.Fold,
                Augmentation = parse.GetValue(noAugment) ? settings.Augmentation with { Enabled = false } : settings.Augmentation,
                Dataset = settings.Dataset with { LungField = parse.GetValue(lung) ?? settings.Dataset.LungField },
            };
            string line = "tinyunet " + string.Join(' ', parse.Tokens.Select(t => t.Value));
            string runDirectory = parse.GetValue(output)!.FullName;
            CpuInference.Prepare(settings.Device);
            TrainingResult result = Train(settings, runDirectory, parse.GetValue(resume), line, cancellationToken);
            EpochResult? last = result.History.LastOrDefault();
            CliJson.Write(new
            {
                bundle = result.BundleDirectory,
                sha256 = result.Manifest.Weights.Sha256,
                epochs = result.History.Count,
                seconds = Math.Round(result.Seconds, 1),
                trainLoss = last?.TrainLoss,
                validation = last?.Validation,
            });
            return ExitCodes.Success;
        })));
        return command;
    }

    private static TrainingResult Train(TrainingConfig settings, string runDirectory, bool resume, string line, CancellationToken cancellationToken)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        // Redirected output (nohup, CI) would otherwise be wrapped at 80 columns.
        if (!console.Profile.Capabilities.Interactive) console.Profile.Width = 240;
        var observer = new SpectreTrainingObserver(console);
        var trainer = new Trainer(settings, observer, DicomSegDatasets.Openers);
        if (!console.Profile.Capabilities.Interactive)
            return trainer.Run(runDirectory, resume, line, cancellationToken);
        return console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                observer.Progress = context;
                return trainer.Run(runDirectory, resume, line, cancellationToken);
            });
    }

    private static TrainingConfig Load(FileInfo? file, DirectoryInfo? data)
    {
        if (file is null && data is null) throw new ArgumentException("Give --config, --data or both.");
        TrainingConfig settings = file is not null
            ? TrainingConfigFile.Read(file.FullName)
            : new TrainingConfig { Dataset = new DatasetSpec { Path = data!.FullName, Format = DicomSegDatasets.Detect(data.FullName) } };
        return data is null ? settings : settings with
        {
            Dataset = settings.Dataset with { Path = data.FullName, Format = DicomSegDatasets.Detect(data.FullName) },
        };
    }
}
