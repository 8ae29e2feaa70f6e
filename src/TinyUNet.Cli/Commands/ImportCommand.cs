using System.CommandLine;
using System.Globalization;
using TinyUNet.Model;
using TinyUNet.Model.Bundles;
using TinyUNet.Model.Weights;
using static TorchSharp.torch;

namespace TinyUNet.Cli.Commands;

/// <summary>`import`: turns an official-repo checkpoint into a model bundle (weights + manifest with hash).</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var weights = new Option<FileInfo>("--weights") { Description = "Official state_dict (.safetensors, .pth or .pt).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Bundle folder to write.", Required = true };
        var name = new Option<string>("--name") { Description = "Model name.", Required = true };
        var version = new Option<string>("--version") { Description = "Model version.", DefaultValueFactory = _ => "1.0.0" };
        var classes = new Option<string>("--classes")
        {
            Description = "Class names in index order, comma-separated.",
            DefaultValueFactory = _ => "background,lung,ggo,consolidation",
        };
        var inChannels = new Option<int>("--in-channels") { Description = "Input channels.", DefaultValueFactory = _ => 3 };
        var size = new Option<int>("--size") { Description = "Input height and width (multiple of 16).", DefaultValueFactory = _ => 256 };
        var windows = new Option<string[]>("--window")
        {
            Description = "Per input channel: center,width[,mean,std] in HU (repeat per channel; one value applies to all).",
            DefaultValueFactory = _ => ["-600,1500"],
            AllowMultipleArgumentsPerToken = false,
        };
        var source = new Option<string>("--source") { Description = "Where the weights come from.", Required = true };
        var license = new Option<string>("--license") { Description = "Licence of the weights.", Required = true };
        var command = new Command("import", "Create a model bundle from an official TinyU-Net checkpoint.")
        {
            weights, output, name, version, classes, inChannels, size, windows, source, license,
        };
        command.SetAction(parse => CommandAction.Guard(() =>
        {
            string[] classNames = parse.GetValue(classes)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            int channels = parse.GetValue(inChannels);
            ChannelPreprocessing[] preprocessing = ParseWindows(parse.GetValue(windows)!, channels);
            using var network = new TinyUNetNetwork(channels, classNames.Length);
            StateDictLoader.LoadStrict(network, parse.GetValue(weights)!.FullName);

            var manifest = new ModelManifest
            {
                Name = parse.GetValue(name)!,
                Version = parse.GetValue(version)!,
                Architecture = new ArchitectureInfo("TinyU-Net", TinyUNetNetwork.ArchitectureVersion, channels, classNames.Length),
                Input = new InputSpec(parse.GetValue(size), parse.GetValue(size), preprocessing),
                Classes = classNames.Select((c, i) => new ClassInfo(i, c)).ToArray(),
                Weights = new WeightsInfo(ModelBundle.WeightsFileName, new string('0', 64)),
                Provenance = new Provenance(parse.GetValue(source)!, parse.GetValue(license)!, DateTimeOffset.UtcNow,
                    Command: "tinyunet import --weights " + parse.GetValue(weights)!.Name),
            };
            ModelManifest written = ModelBundle.Save(parse.GetValue(output)!.FullName, network, manifest);
            Console.WriteLine($"bundle {parse.GetValue(output)!.FullName}: {written.Name} {written.Version} sha256 {written.Weights.Sha256}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static ChannelPreprocessing[] ParseWindows(string[] specs, int channels)
    {
        if (specs.Length != 1 && specs.Length != channels)
            throw new ArgumentException($"--window given {specs.Length} times for {channels} input channels: give it once or once per channel.");
        return Enumerable.Range(0, channels).Select(i =>
        {
            string spec = specs[specs.Length == 1 ? 0 : i];
            double[] v = spec.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            return v.Length switch
            {
                2 => new ChannelPreprocessing(v[0], v[1]),
                4 => new ChannelPreprocessing(v[0], v[1], v[2], v[3]),
                _ => throw new ArgumentException($"--window '{spec}': expected center,width or center,width,mean,std."),
            };
        }).ToArray();
    }
}
