using System.CommandLine;
using TinyUNet.Training.Benchmarks;

namespace TinyUNet.Cli.Commands;

/// <summary>`bench-train`: training-step throughput (samples/s) and its phases, JSON on stdout, progress on stderr.</summary>
public static class BenchTrainCommand
{
    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "Slice size (multiple of 16).", DefaultValueFactory = _ => 256 };
        var batch = new Option<int>("--batch") { Description = "Slices per step.", DefaultValueFactory = _ => 8 };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads (0 = its default)." };
        var seconds = new Option<double>("--seconds") { Description = "Minimum timed seconds.", DefaultValueFactory = _ => 20 };
        var plain = new Option<bool>("--plain") { Description = "The official graph (upsample then concatenate, max_pool2d), for comparison." };
        var command = new Command("bench-train", "Measure TinyU-Net training throughput on the CPU (forward, backward, Adam) as JSON.")
        {
            size, batch, threads, seconds, plain,
        };
        command.SetAction(parse => CommandAction.Guard(() =>
        {
            CpuInference.Prepare("cpu");
            var settings = new TrainingBenchmarkSettings(parse.GetValue(size), parse.GetValue(batch), parse.GetValue(threads),
                parse.GetValue(seconds), PlainGraph: parse.GetValue(plain));
            CliJson.Write(TrainingBenchmark.Run(settings, message => Console.Error.WriteLine(message)));
            return ExitCodes.Success;
        }));
        return command;
    }
}
