using System.CommandLine;
using TinyUNet.Training.Inference;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `predict --images`: label maps for a folder of windowed 2-D slices (JPEG/PNG). The DICOM entry point
/// (`--series`) belongs to the segmentation pipeline and joins this verb as a second, mutually exclusive input.
/// </summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo?>("--model") { Description = "Model bundle (default: the bundled models/tinyunet-covid)." };
        var images = new Option<DirectoryInfo>("--images")
        {
            Description = "Folder of *.jpg|*.png slices, 8-bit and windowed as the bundle's input window says.",
            Required = true,
        };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for <name>.png label maps and classes.json.", Required = true };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var command = new Command("predict", "Segment 2-D slice images: one 8-bit class-index PNG per image, at its own size.")
        {
            model, images, output, device,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            string bundle = parse.GetValue(model)?.FullName ?? DefaultModel.Locate();
            using SlicePredictor predictor = SlicePredictor.Load(bundle, parse.GetValue(device)!);
            string outputDirectory = parse.GetValue(output)!.FullName;
            IReadOnlyList<string> written = ImageFolderPredictor.Run(predictor, parse.GetValue(images)!.FullName, outputDirectory, cancellationToken);
            CliJson.Write(new
            {
                model = predictor.Manifest.Name,
                sha256 = predictor.Manifest.Weights.Sha256,
                output = outputDirectory,
                images = written.Count,
                classes = predictor.Manifest.Classes.OrderBy(c => c.Index).Select(c => c.Name),
            });
            return ExitCodes.Success;
        })));
        return command;
    }
}
