using System.CommandLine;
using TinyUNet.Cli.Commands;

namespace TinyUNet.Cli;

/// <summary>The verbs of the tinyunet command line. Each verb lives in Commands/ and returns an exit code.</summary>
public sealed class CliApplication(RootCommand root)
{
    public static CliApplication Build()
    {
        var root = new RootCommand("TinyUNet.Worker tools: COVID-19 pneumonia segmentation of chest CT with TinyU-Net.");
        root.Subcommands.Add(ModelInfoCommand.Create());
        root.Subcommands.Add(ParityCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(BenchStudyCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(SegmentCommand.Create());
        root.Subcommands.Add(SyntheticCtCommand.Create());
        root.Subcommands.Add(SampleCtCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(DecodeBenchCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(BenchTrainCommand.Create());
        root.Subcommands.Add(RelabelCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(EnqueueCommand.Create());
        root.Subcommands.Add(ReprocessCommand.Create());
        return new CliApplication(root);
    }

    /// <summary>Parses and runs; parse errors are reported in one line with exit code 2.</summary>
    public int Run(string[] args)
    {
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"error: {string.Join("; ", parsed.Errors.Select(e => e.Message))} (see --help)");
            return ExitCodes.Usage;
        }
        return parsed.Invoke();
    }
}
