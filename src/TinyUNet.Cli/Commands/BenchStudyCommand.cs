using System.CommandLine;
using System.Diagnostics;
using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.Model;
using TinyUNet.Pipeline;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Pipeline.Postprocessing;
using static TorchSharp.torch;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `bench-study`: a whole study end to end — a generated N-slice series through decode → inference → postprocessing →
/// volumetrics → SEG → montage, the model loaded and warmed first — and, in the same process, the model alone on its
/// input size and batch: the pipeline's slices/s, their ratio, every stage's time and the peak RSS, as JSON.
/// </summary>
public static class BenchStudyCommand
{
    public static Command Create()
    {
        var slices = new Option<int>("--slices") { Description = "Slices of the generated series.", DefaultValueFactory = _ => 300 };
        var size = new Option<int>("--size") { Description = "Rows and columns of each slice.", DefaultValueFactory = _ => 512 };
        var model = new Option<DirectoryInfo?>("--model") { Description = "Model bundle folder (default: the bundled model)." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var batch = new Option<int?>("--batch") { Description = "Slices per forward pass (default 1 on CPU, 16 on CUDA)." };
        var lanes = new Option<int>("--lanes") { Description = "Forward passes at once (default: one per core on the CPU, at most 4; 1 on CUDA)." };
        var keep = new Option<DirectoryInfo?>("--work") { Description = "Folder for the series and outputs (default: a temporary one, deleted)." };
        Option<bool> noGuard = LungGuardOption.Create();
        var flip = new FlipAveragingOption();
        var command = new Command("bench-study", "Time a generated study end to end (slices/s, stages, peak RSS) against the model alone, as JSON.")
        {
            slices, size, model, device, batch, lanes, keep, noGuard,
        };
        flip.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            string work = parse.GetValue(keep)?.FullName ?? Path.Combine(Path.GetTempPath(), $"tinyunet-bench-study-{Guid.NewGuid():N}");
            try
            {
                CliJson.Write(Run(parse.GetValue(slices), parse.GetValue(size), parse.GetValue(model), parse.GetValue(device)!,
                    parse.GetValue(batch), parse.GetValue(lanes), !parse.GetValue(noGuard), flip.Value(parse), work, cancellationToken));
            }
            finally
            {
                if (parse.GetValue(keep) is null && Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
            return ExitCodes.Success;
        })));
        return command;
    }

    private static object Run(int slices, int size, DirectoryInfo? modelFolder, string deviceName, int? batch, int lanes, bool lungGuard,
        bool? flipAveraging, string work, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"writing a {size}×{size}×{slices} synthetic series…");
        string series = Path.Combine(work, "series");
        new SyntheticChestCtGenerator().Write(series, new SyntheticChestCtOptions
        {
            Rows = size, Columns = size, Slices = slices, RowSpacing = 320.0 / size, ColumnSpacing = 320.0 / size, SliceSpacing = 1.25,
        }, cancellationToken);

        bool cuda = CpuInference.Prepare(deviceName).type == TorchSharp.DeviceType.CUDA;
        using SegmentationModel loaded = SegmentationModel.Load(DefaultModel.Resolve(modelFolder),
            new InferenceOptions { Device = deviceName, BatchSize = batch ?? (cuda ? 16 : 1), Lanes = lanes, FlipAveraging = flipAveraging });
        var pipeline = new SeriesSegmentationPipeline(loaded, new CtSeriesReader(),
            new LungPostprocessor(LungGuardOption.Postprocessing(lungGuard)), new SegmentationWriter());
        // As the worker does at start-up: its decoder children then serve every study.
        IsolatedGdcm.Shared.Warm();
        (double modelSlicesPerSecond, int modelIterations) = ModelAlone(loaded);
        Console.Error.WriteLine($"model alone: {modelSlicesPerSecond:F2} slices/s; running the study…");

        TimeSpan pausedBefore = GC.GetTotalPauseDuration();
        int gen2Before = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();
        SegmentationOutcome outcome = pipeline.RunAsync(new SegmentationRequest([series], Path.Combine(work, "out")), null, cancellationToken)
            .GetAwaiter().GetResult();
        double seconds = clock.Elapsed.TotalSeconds;
        double pipelineSlicesPerSecond = slices / seconds;
        return new
        {
            slices,
            size,
            device = loaded.Device.ToString(),
            batch = loaded.Options.BatchSize,
            lanes = loaded.Lanes,
            lungGuard,
            flipAveraging = loaded.FlipAveraging,
            mallocArenaMax = CpuAllocatorTuning.ArenaMaxFromEnvironment,
            allocator = JemallocAllocator.ActiveName,
            threadsPerLane = loaded.ThreadsPerLane,
            modelInput = $"{loaded.Manifest.Input.Height}×{loaded.Manifest.Input.Width}",
            studySeconds = Math.Round(seconds, 2),
            studySlicesPerSecond = Math.Round(pipelineSlicesPerSecond, 2),
            modelSlicesPerSecond = Math.Round(modelSlicesPerSecond, 2),
            modelIterations,
            studyOverModel = Math.Round(pipelineSlicesPerSecond / modelSlicesPerSecond, 3),
            stageMilliseconds = outcome.StageMilliseconds.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
            peakRssMb = PeakRssMb(),
            // The runtime's collections during the study: they pause the lanes too.
            gcPauseMilliseconds = Math.Round((GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds, 1),
            gen2Collections = GC.CollectionCount(2) - gen2Before,
        };
    }

    /// <summary>The loaded model alone on random input of its size and batch, on all its lanes: warm-up, then at least 5 s.</summary>
    private static (double SlicesPerSecond, int Iterations) ModelAlone(SegmentationModel model)
    {
        var input = model.Manifest.Input;
        int batch = model.Options.BatchSize;
        (int iterations, double seconds) = InferenceBenchmark.Time(model.Lanes,
            () => randn(batch, model.Manifest.Architecture.InChannels, input.Height, input.Width, device: model.Device),
            x => model.PredictLogits(x).cpu(), model.Device);
        return (iterations * batch / seconds, iterations);
    }

    /// <summary>The process's peak resident set (VmHWM), MB; null where /proc is not there.</summary>
    private static double? PeakRssMb()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : Math.Round(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0, 1);
    }
}
