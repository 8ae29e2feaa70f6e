using System.CommandLine;
using TinyUNet.Model;

namespace TinyUNet.Cli.Commands;

/// <summary>`parity`: checks that imported official weights reproduce their reference outputs.</summary>
public static class ParityCommand
{
    public const double Tolerance = 1e-4;

    public static Command Create()
    {
        var weights = new Option<FileInfo>("--weights") { Description = "Official state_dict (.safetensors, .pth or .pt).", Required = true };
        var io = new Option<FileInfo>("--io") { Description = "safetensors with reference 'input' and 'output'.", Required = true };
        var inChannels = new Option<int?>("--in-channels") { Description = "Input channels (default: from 'input')." };
        var classes = new Option<int?>("--classes") { Description = "Classes (default: from 'output')." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var fused = new Option<bool>("--fused") { Description = "Fold BatchNorm into the convolutions first." };
        var command = new Command("parity", $"Run reference inputs through imported weights; fail above max |diff| {Tolerance:g}.")
        {
            weights, io, inChannels, classes, device, fused,
        };
        command.SetAction(parse => CommandAction.Guard(() =>
        {
            ParityResult result = ParityCheck.Run(parse.GetValue(weights)!.FullName, parse.GetValue(io)!.FullName,
                parse.GetValue(inChannels), parse.GetValue(classes),
                CpuInference.Prepare(parse.GetValue(device)!), parse.GetValue(fused));
            bool pass = result.MaxAbsDiff <= Tolerance;
            Console.WriteLine($"max |diff| = {result.MaxAbsDiff:g4} (mean {result.MeanAbsDiff:g4}) over " +
                $"[{string.Join(", ", result.InputShape)}] in={result.InChannels} classes={result.NumClasses} " +
                $"device={result.Device}{(result.Fused ? " fused" : "")}: {(pass ? "PASS" : "FAIL")} (tolerance {Tolerance:g})");
            return pass ? ExitCodes.Success : ExitCodes.CheckFailed;
        }));
        return command;
    }

}
