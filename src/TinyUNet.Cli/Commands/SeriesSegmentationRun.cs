using Spectre.Console;
using TinyUNet.Contracts;
using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Model;
using TinyUNet.Pipeline;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// The one DICOM entry into the segmentation pipeline, shared by `segment` and `predict --series`: model loaded once,
/// Spectre progress per stage on stderr, a plain summary on stdout.
/// </summary>
public static class SeriesSegmentationRun
{
    public static int Execute(IReadOnlyList<string> series, string outputDirectory, DirectoryInfo? model, string deviceName,
        int? batchSize, CancellationToken cancellationToken, int? minSlices = null, bool lungGuard = true,
        bool? flipAveraging = null)
    {
        bool cuda = CpuInference.Prepare(deviceName).type == TorchSharp.DeviceType.CUDA;
        var options = new InferenceOptions { Device = deviceName, BatchSize = batchSize ?? (cuda ? 16 : 1), FlipAveraging = flipAveraging };
        using SegmentationModel loaded = SegmentationModel.Load(DefaultModel.Resolve(model), options);
        var reading = minSlices is { } min ? new DicomReadingOptions { Selection = new SeriesSelectionRules { MinSliceCount = min } } : new DicomReadingOptions();
        var pipeline = new SeriesSegmentationPipeline(loaded, new CtSeriesReader(reading),
            new LungPostprocessor(LungGuardOption.Postprocessing(lungGuard)), new SegmentationWriter())
        {
            ReleaseHeapAfterInferenceAboveMb = 0, // one study: no next one to fault the heap in again
        };
        SegmentationOutcome outcome = RunWithProgress(pipeline, new SegmentationRequest(series, outputDirectory), cancellationToken);
        PrintSummary(outcome);
        return ExitCodes.Success;
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
        foreach (SkippedFile refused in outcome.RefusedSlices)
            Console.WriteLine($"left out   {refused.FilePath}: {refused.Reason}");
        Console.WriteLine($"seg        {outcome.Segmentation.FilePath} ({outcome.Segmentation.NumberOfFrames} frames)");
        Console.WriteLine($"volumetric {outcome.VolumetricsPath}");
        Console.WriteLine(outcome.MontagePath is not null ? $"montage    {outcome.MontagePath}" : $"montage    not drawn ({outcome.MontageError})");
        if (outcome.Volumetrics.Finding == LungFinding.NoLung)
            Console.WriteLine("no lung in this series: no lesion, no severity");
        else
            Console.WriteLine($"lung {total.LungVolumeMl:F1} mL, GGO {total.GgoVolumeMl:F1} mL, " +
                $"consolidation {total.ConsolidationVolumeMl:F1} mL, opacity {total.OpacityPercent:F1} %, severity {total.SeverityScore}");
        Console.WriteLine("stages (ms) " + string.Join(", ", outcome.StageMilliseconds.Select(kv => $"{kv.Key} {kv.Value:F0}")));
    }
}
