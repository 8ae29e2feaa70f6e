using System.CommandLine;
using System.Diagnostics;
using TinyUNet.Dicom;
using TinyUNet.Dicom.Reading;

namespace TinyUNet.Cli.Commands;

/// <summary>`bench-decode`: DICOM pixel decode throughput (slices/s) of a series, per thread count, JSON on stdout.</summary>
public static class DecodeBenchCommand
{
    public static Command Create()
    {
        var series = new Option<string[]>("--series") { Description = "Folder(s) or files of one series.", Required = true, AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int[]>("--threads") { Description = "Thread counts to compare.", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var repeats = new Option<int>("--repeats") { Description = "Timed decodes per thread count (after one warm-up).", DefaultValueFactory = _ => 3 };
        var command = new Command("bench-decode", "Measure HU decode throughput of a DICOM series (slices/s) as JSON.") { series, threads, repeats };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            CtSeries chosen = new CtSeriesReader().Open(parse.GetValue(series)!, cancellationToken).Chosen;
            var results = parse.GetValue(threads)!.Select(count =>
            {
                var reader = new HuVolumeReader(new DicomReadingOptions { MaxDegreeOfParallelism = count });
                reader.Read(chosen, cancellationToken: cancellationToken); // warm-up: file cache, GDCM, JIT
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < parse.GetValue(repeats); i++) reader.Read(chosen, cancellationToken: cancellationToken);
                double seconds = clock.Elapsed.TotalSeconds;
                return new { threads = count, slicesPerSecond = Math.Round(parse.GetValue(repeats) * chosen.Slices.Count / seconds, 2) };
            }).ToArray();
            CliJson.Write(new
            {
                seriesInstanceUid = chosen.SeriesInstanceUid,
                slices = chosen.Slices.Count,
                rows = chosen.Rows,
                columns = chosen.Columns,
                transferSyntaxes = chosen.Slices.Select(s => s.TransferSyntaxUid).Distinct().ToArray(),
                results,
            });
            return ExitCodes.Success;
        })));
        return command;
    }
}
