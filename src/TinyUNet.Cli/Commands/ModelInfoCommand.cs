using System.CommandLine;
using TinyUNet.Model;

namespace TinyUNet.Cli.Commands;

/// <summary>`model-info`: parameter count and GFLOPs (2 × convolution MACs) of a TinyU-Net configuration.</summary>
public static class ModelInfoCommand
{
    public static Command Create()
    {
        var inChannels = new Option<int>("--in-channels") { Description = "Input channels.", DefaultValueFactory = _ => 3 };
        var classes = new Option<int>("--classes") { Description = "Output classes.", DefaultValueFactory = _ => 4 };
        var size = new Option<int>("--size") { Description = "Input height and width (multiple of 16).", DefaultValueFactory = _ => 256 };
        var command = new Command("model-info", "Print parameters and GFLOPs of TinyU-Net as JSON.") { inChannels, classes, size };
        command.SetAction(parse => CommandAction.Guard(() =>
        {
            int side = parse.GetValue(size);
            using var network = new TinyUNetNetwork(parse.GetValue(inChannels), parse.GetValue(classes));
            long macs = network.ConvMacs(side, side);
            CliJson.Write(new
            {
                architecture = TinyUNetNetwork.ArchitectureVersion,
                inChannels = network.InChannels,
                classes = network.NumClasses,
                size = side,
                parameters = network.ParameterCount,
                convMacs = macs,
                gflops = Math.Round(2.0 * macs / 1e9, 3),
            });
            return ExitCodes.Success;
        }));
        return command;
    }
}
