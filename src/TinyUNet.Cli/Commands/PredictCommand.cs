using System.CommandLine;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Training.Inference;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `predict`: label maps for a folder of windowed 2-D slices (`--images`), or a DICOM CT series (`--series`), which is
/// exactly `segment` — the same pipeline through <see cref="SeriesSegmentationRun"/>, not a second implementation.
/// </summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo?>("--model") { Description = "Model bundle (default: the bundled models/tinyunet-covid)." };
        var images = new Option<DirectoryInfo?>("--images")
        {
            Description = "Folder of *.jpg|*.png slices, 8-bit and windowed as the bundle's input window says.",
        };
        var series = new Option<string[]>("--series")
        {
            Description = "Folder(s) or files of one study's CT instances: the same as `segment` (SEG + volumetrics JSON).",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder.", Required = true };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var minSlices = new Option<int?>("--min-slices") { Description = "With --series: fewest slices a series needs (default 10)." };
        var batch = new Option<int?>("--batch") { Description = "With --series: slices per forward pass (default 1 on CPU, 16 on CUDA)." };
        Option<bool> noGuard = LungGuardOption.Create();
        var flip = new FlipAveragingOption();
        var command = new Command("predict",
            "Segment 2-D slice images (one 8-bit class-index PNG per image, at its own size) or a DICOM CT series (as `segment`).")
        {
            model, images, series, output, device, batch, minSlices, noGuard,
        };
        flip.AddTo(command);
        command.Validators.Add(result =>
        {
            bool hasImages = result.GetValue(images) is not null;
            bool hasSeries = result.GetValue(series) is { Length: > 0 };
            if (hasImages == hasSeries) result.AddError("give exactly one of --images and --series");
        });
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
            parse.GetValue(series) is { Length: > 0 } dicom
                ? SeriesSegmentationRun.Execute(dicom, parse.GetValue(output)!.FullName, parse.GetValue(model),
                    parse.GetValue(device)!, parse.GetValue(batch), cancellationToken, parse.GetValue(minSlices), !parse.GetValue(noGuard),
                    flip.Value(parse))
                : PredictImages(parse.GetValue(model), parse.GetValue(images)!, parse.GetValue(output)!, parse.GetValue(device)!,
                    !parse.GetValue(noGuard), flip.Value(parse), cancellationToken))));
        return command;
    }

    private static int PredictImages(DirectoryInfo? model, DirectoryInfo images, DirectoryInfo output, string device,
        bool lungGuard, bool? flipAveraging, CancellationToken cancellationToken)
    {
        string bundle = model?.FullName ?? DefaultModel.Locate();
        CpuInference.Prepare(device);
        // The images go one after another on this thread: one lane, with every core.
        using SegmentationModel loaded = SegmentationModel.Load(bundle, new InferenceOptions { Device = device, BatchSize = 1, Lanes = 1, FlipAveraging = flipAveraging });
        var segmenter = new SliceSegmenter(loaded, LungGuardOption.Postprocessing(lungGuard));
        IReadOnlyList<string> written = ImageFolderPredictor.Run(segmenter.SegmentWindowed, loaded.Manifest, images.FullName, output.FullName, cancellationToken);
        CliJson.Write(new
        {
            model = loaded.Manifest.Name,
            sha256 = loaded.WeightsSha256,
            output = output.FullName,
            images = written.Count,
            classes = loaded.Manifest.Classes.OrderBy(c => c.Index).Select(c => c.Name),
        });
        return ExitCodes.Success;
    }
}
