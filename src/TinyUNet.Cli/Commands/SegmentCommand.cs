using System.CommandLine;

namespace TinyUNet.Cli.Commands;

/// <summary>`segment`: one CT series → &lt;out&gt;/&lt;SeriesInstanceUID&gt;.seg.dcm + .volumetrics.json, with progress.</summary>
public static class SegmentCommand
{
    public static Command Create()
    {
        var series = new Option<string[]>("--series")
        {
            Description = "Folder(s) or files of one study's CT instances.", Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder.", Required = true };
        var model = new Option<DirectoryInfo?>("--model") { Description = "Model bundle folder (default: the bundled model)." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var minSlices = new Option<int?>("--min-slices") { Description = "Fewest slices a series needs (default 10; 1 segments single exported slices)." };
        var batch = new Option<int?>("--batch") { Description = "Slices per forward pass (default 1 on CPU, 16 on CUDA)." };
        Option<bool> noGuard = LungGuardOption.Create();
        var flip = new FlipAveragingOption();
        var command = new Command("segment", "Segment a CT series: writes <out>/<SeriesInstanceUID>.seg.dcm and .volumetrics.json.")
        {
            series, output, model, device, batch, minSlices, noGuard,
        };
        flip.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
            SeriesSegmentationRun.Execute(parse.GetValue(series)!, parse.GetValue(output)!.FullName, parse.GetValue(model),
                parse.GetValue(device)!, parse.GetValue(batch), cancellationToken, parse.GetValue(minSlices), !parse.GetValue(noGuard),
                flip.Value(parse)))));
        return command;
    }
}
