using System.CommandLine;
using Spectre.Console;
using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Pipeline;
using TinyUNet.Model;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Cli.Commands;

/// <summary>`segment`: one CT series → &lt;out&gt;/&lt;SeriesInstanceUID&gt;.seg.dcm + .volumetrics.json, with progress.</summary>
public static class SegmentCommand
{
    public static Command Create(string name = "segment", string description =
        "Segment a CT series: writes <out>/<SeriesInstanceUID>.seg.dcm and .volumetrics.json.")
    {
        var series = new Option<string[]>("--series")
        {
            Description = "Folder(s) or files of one study's CT instances.", Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder.", Required = true };
        var model = new Option<DirectoryInfo?>("--model") { Description = "Model bundle folder (default: the bundled model)." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var batch = new Option<int?>("--batch") { Description = "Slices per forward pass (default 1 on CPU, 16 on CUDA)." };
        var command = new Command(name, description) { series, output, model, device, batch };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            string deviceName = parse.GetValue(device)!;
            var options = new InferenceOptions
            {
                Device = deviceName,
                BatchSize = parse.GetValue(batch) ?? (TorchDevices.Resolve(deviceName).type == TorchSharp.DeviceType.CUDA ? 16 : 1),
            };
            using SegmentationModel loaded = SegmentationModel.Load(DefaultModel.Resolve(parse.GetValue(model)), options);
            var pipeline = new SeriesSegmentationPipeline(loaded, new CtSeriesReader(),
                new LungPostprocessor(new LungPostprocessingOptions()), new SegmentationWriter());
            var request = new SegmentationRequest(parse.GetValue(series)!, parse.GetValue(output)!.FullName);
            SegmentationOutcome outcome = RunWithProgress(pipeline, request, cancellationToken);
            PrintSummary(outcome);
            return ExitCodes.Success;
        })));
        return command;
    }

    private static SegmentationOutcome RunWithProgress(SeriesSegmentationPipeline pipeline, SegmentationRequest request,
        CancellationToken cancellationToken)
    {
        // Progress goes to stderr so stdout stays clean for scripts.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        SegmentationOutcome? outcome = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = Enum.GetValues<PipelineStage>().ToDictionary(s => s, s => context.AddTask(s.ToString(), autoStart: false));
                var progress = new SynchronousProgress<PipelineProgress>(p =>
                {
                    ProgressTask task = tasks[p.Stage];
                    if (!task.IsStarted) task.StartTask();
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                });
                outcome = pipeline.RunAsync(request, progress, cancellationToken).GetAwaiter().GetResult();
            });
        return outcome!;
    }

    private static void PrintSummary(SegmentationOutcome outcome)
    {
        var total = outcome.Volumetrics.Total;
        Console.WriteLine($"series     {outcome.Selection.Chosen.SeriesInstanceUid} ({outcome.Selection.Chosen.Slices.Count} slices): {outcome.Selection.Reason}");
        foreach (SkippedSeries skipped in outcome.Selection.Skipped)
            Console.WriteLine($"skipped    {skipped.SeriesInstanceUid}: {skipped.Reason}");
        Console.WriteLine($"seg        {outcome.Segmentation.FilePath} ({outcome.Segmentation.NumberOfFrames} frames)");
        Console.WriteLine($"volumetric {outcome.VolumetricsPath}");
        Console.WriteLine($"lung {total.LungVolumeMl:F1} mL, GGO {total.GgoVolumeMl:F1} mL, " +
            $"consolidation {total.ConsolidationVolumeMl:F1} mL, opacity {total.OpacityPercent:F1} %, severity {total.SeverityScore}");
        Console.WriteLine("stages (ms) " + string.Join(", ", outcome.StageMilliseconds.Select(kv => $"{kv.Key} {kv.Value:F0}")));
    }
}
