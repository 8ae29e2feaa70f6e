using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TinyUNet.Model.Bundles;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Training;
using TinyUNet.Training.Data;
using TinyUNet.Training.Dicom;
using TinyUNet.Training.Inference;
using TinyUNet.Training.Metrics;

namespace TinyUNet.Cli.Commands;

/// <summary>`evaluate`: per-class Dice and IoU of a bundle on a labelled set, at each image's own size. JSON on stdout, a table on stderr.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo?>("--model") { Description = "Model bundle (default: the bundled models/tinyunet-covid)." };
        var data = new Option<DirectoryInfo>("--data") { Description = "Labelled dataset folder (images/ + masks/; images/ + labels/ NIfTI; or <case>/ct/ + <case>/seg.dcm DICOM).", Required = true };
        var classMap = new Option<string>("--class-map")
        {
            Description = "Raw label value=class name, comma-separated.",
            DefaultValueFactory = _ => "0=background,1=ggo,2=consolidation",
        };
        var lung = new Option<LungFieldMode>("--lung")
        {
            Description = "derive: score the lung field against classically derived labels; none: lung not scored.",
            DefaultValueFactory = _ => LungFieldMode.None,
        };
        var split = new Option<string>("--split")
        {
            Description = "all, or validation: only the bundle's held-out slices (from its training-report.json).",
            DefaultValueFactory = _ => "all",
        };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        Option<bool> noGuard = LungGuardOption.Create();
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads (0 = every core; 1 beside another run)." };
        var flip = new FlipAveragingOption();
        var command = new Command("evaluate", "Per-class Dice and IoU (pooled, and mean over images containing the class).")
        {
            model, data, classMap, lung, split, device, noGuard, threads,
        };
        flip.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            string bundle = parse.GetValue(model)?.FullName ?? DefaultModel.Locate();
            CpuInference.Prepare(parse.GetValue(device)!);
            // The images go one after another on this thread: one lane, with every core.
            using SegmentationModel loaded = SegmentationModel.Load(bundle, new InferenceOptions
            {
                Device = parse.GetValue(device)!, BatchSize = 1, Lanes = 1, FlipAveraging = flip.Value(parse),
                ThreadsPerLane = parse.GetValue(threads),
            });
            var segmenter = new SliceSegmenter(loaded, LungGuardOption.Postprocessing(!parse.GetValue(noGuard)));
            string path = parse.GetValue(data)!.FullName;
            var spec = new DatasetSpec
            {
                Path = path,
                Format = DicomSegDatasets.Detect(path),
                ClassMap = ParseClassMap(parse.GetValue(classMap)!),
                LungField = parse.GetValue(lung),
            };
            string[] classNames = [.. loaded.Manifest.Classes.OrderBy(c => c.Index).Select(c => c.Name)];
            ISegmentationDataset dataset = DatasetFactory.Open(spec, classNames, loaded.Manifest.Input.Channels[0], DicomSegDatasets.Openers);
            IReadOnlySet<string>? only = parse.GetValue(split) switch
            {
                "all" => null,
                "validation" => ValidationSamples(bundle),
                var other => throw new ArgumentException($"--split '{other}': use all or validation."),
            };
            EvaluationReport report = Evaluator.Run(segmenter.SegmentWindowed, loaded.Manifest, loaded.WeightsSha256, dataset, only, cancellationToken);
            WriteTable(report);
            CliJson.Write(report);
            return ExitCodes.Success;
        })));
        return command;
    }

    private static Dictionary<string, string> ParseClassMap(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            string[] parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2) throw new ArgumentException($"--class-map entry '{pair}': expected value=name.");
            return (parts[0], parts[1]);
        }).ToDictionary(p => p.Item1, p => p.Item2);

    private static HashSet<string> ValidationSamples(string bundle)
    {
        string path = Path.Combine(bundle, "training-report.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"--split validation needs {path} (written by tinyunet train).");
        TrainingReport report = JsonSerializer.Deserialize<TrainingReport>(File.ReadAllText(path), TrainingConfigFile.Options)
            ?? throw new InvalidDataException($"{path}: empty.");
        return [.. report.ValidationSamples];
    }

    private static void WriteTable(EvaluationReport report)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        // Redirected output would otherwise be wrapped at 80 columns.
        if (!console.Profile.Capabilities.Interactive) console.Profile.Width = 160;
        var table = new Table().Title(Markup.Escape($"{report.Model} on {report.Images} images"))
            .AddColumns("class", "Dice (pooled)", "IoU (pooled)", "Dice (mean/img)", "IoU (mean/img)", "images with class");
        foreach (ClassMetrics m in report.Classes)
            table.AddRow(m.Name, F(m.PooledDice), F(m.PooledIoU), F(m.MeanDice), F(m.MeanIoU), m.ImagesWithClass.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
    }

    private static string F(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "–";
}
