using System.CommandLine;
using System.Diagnostics;
using TinyUNet.Dicom;
using TinyUNet.Dicom.Reading;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `bench-decode`: header reads and pixel decoding of a series (slices/s), per thread count, with GDCM in decoder child
/// processes (the product's way) and in this process (the cost of that isolation), JSON on stdout.
/// </summary>
public static class DecodeBenchCommand
{
    public static Command Create()
    {
        var series = new Option<string[]>("--series") { Description = "Folder(s) or files of one series.", Required = true, AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int[]>("--threads") { Description = "Thread counts to compare.", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var repeats = new Option<int>("--repeats") { Description = "Timed decodes per thread count (after one warm-up).", DefaultValueFactory = _ => 3 };
        var command = new Command("bench-decode", "Measure header reads and HU decoding of a DICOM series (slices/s), isolated and in-process, as JSON.") { series, threads, repeats };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            CtSeries chosen = new CtSeriesReader().Open(parse.GetValue(series)!, cancellationToken).Chosen;
            int times = parse.GetValue(repeats);
            string[] inputs = parse.GetValue(series)!;
            var results = parse.GetValue(threads)!.SelectMany(count => new[] { true, false }.Select(isolated =>
            {
                var options = new DicomReadingOptions { MaxDegreeOfParallelism = count, IsolateGdcm = isolated };
                var reader = new HuVolumeReader(options);
                reader.Read(chosen, cancellationToken: cancellationToken); // warm-up: file cache, GDCM, JIT, child processes
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < times; i++) new CtSeriesReader(options).Open(inputs, cancellationToken);
                double headerSeconds = clock.Elapsed.TotalSeconds;
                clock.Restart();
                for (int i = 0; i < times; i++) reader.Read(chosen, cancellationToken: cancellationToken);
                double decodeSeconds = clock.Elapsed.TotalSeconds;
                return new
                {
                    threads = count,
                    isolated,
                    headersPerSecond = Math.Round(times * chosen.Slices.Count / headerSeconds, 2),
                    slicesPerSecond = Math.Round(times * chosen.Slices.Count / decodeSeconds, 2),
                };
            })).ToArray();
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
