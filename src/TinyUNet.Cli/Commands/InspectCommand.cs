using System.CommandLine;
using TinyUNet.Dicom.Reading;

namespace TinyUNet.Cli.Commands;

/// <summary>`inspect`: what the reader sees under a path — per series UIDs, geometry, HU range, warnings, selection.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Description = "Folders or files to inspect.", Arity = ArgumentArity.OneOrMore };
        var noHu = new Option<bool>("--no-hu") { Description = "Headers only: skip decoding pixels for HU statistics." };
        var command = new Command("inspect", "Print JSON per DICOM series found: UIDs, geometry, HU statistics, warnings.") { paths, noHu };
        command.SetAction((parse, cancellationToken) => Task.FromResult(CommandAction.Guard(() =>
        {
            InspectionReport report = new SeriesInspector().Inspect(parse.GetValue(paths)!, !parse.GetValue(noHu), cancellationToken);
            CliJson.Write(report);
            return ExitCodes.Success;
        })));
        return command;
    }
}
