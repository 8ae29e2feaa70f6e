using System.CommandLine;
using TinyUNet.Model;

namespace TinyUNet.Cli.Commands;

/// <summary>`bench`: model throughput in slices/s (warm-up excluded), JSON on stdout, progress on stderr.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var size = new Option<int>("--size") { Description = "Slice size (256 or 512; any multiple of 16).", DefaultValueFactory = _ => 256 };
        var batch = new Option<int>("--batch") { Description = "Slices per forward pass.", DefaultValueFactory = _ => 1 };
        var dtype = new Option<string>("--dtype") { Description = "fp32, fp16 or bf16.", DefaultValueFactory = _ => "fp32" };
        var fused = new Option<bool>("--fused") { Description = "BatchNorm folded into the convolutions." };
        var seconds = new Option<double>("--seconds") { Description = "Minimum timed seconds.", DefaultValueFactory = _ => 5 };
        var lanes = new Option<int>("--lanes") { Description = "Forward passes at once, each on its own thread (default: one per core on the CPU, at most 4; 1 on a GPU)." };
        var defaultAllocator = new Option<bool>("--default-allocator") { Description = "Leave glibc's malloc settings alone (for comparison)." };
        var command = new Command("bench", "Measure TinyU-Net inference throughput (slices/s) as JSON.")
        {
            device, size, batch, dtype, fused, seconds, lanes, defaultAllocator,
        };
        command.SetAction(parse => CommandAction.Guard(() =>
        {
            var settings = new BenchmarkSettings(parse.GetValue(device)!, parse.GetValue(size), parse.GetValue(batch),
                parse.GetValue(dtype)!, parse.GetValue(fused), MinSeconds: parse.GetValue(seconds),
                TuneAllocator: !parse.GetValue(defaultAllocator) && CpuInference.IsCpu(parse.GetValue(device)!), Lanes: parse.GetValue(lanes));
            BenchmarkResult result = InferenceBenchmark.Run(settings, message => Console.Error.WriteLine(message));
            CliJson.Write(result);
            return ExitCodes.Success;
        }));
        return command;
    }
}
