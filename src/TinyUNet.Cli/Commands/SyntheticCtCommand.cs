using System.CommandLine;
using TinyUNet.Dicom.Synthetic;

namespace TinyUNet.Cli.Commands;

/// <summary>`synthetic-ct`: writes a synthetic chest CT phantom series (not a patient) with known lesion volumes.</summary>
public static class SyntheticCtCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the series' files.", Required = true };
        var rows = new Option<int>("--rows") { Description = "Rows per slice.", DefaultValueFactory = _ => 256 };
        var columns = new Option<int>("--columns") { Description = "Columns per slice.", DefaultValueFactory = _ => 256 };
        var slices = new Option<int>("--slices") { Description = "Number of slices.", DefaultValueFactory = _ => 40 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same series).", DefaultValueFactory = _ => 1 };
        var abdomen = new Option<bool>("--abdomen") { Description = "An abdominal series instead (body, bowel gas, no lung): its truth is \"no lung\"." };
        var command = new Command("synthetic-ct", "Write a synthetic chest CT series (lungs, GGO, consolidation) with ground truth.")
        {
            output, rows, columns, slices, seed, abdomen,
        };
        command.SetAction(parse => CommandAction.Guard(() =>
        {
            int r = parse.GetValue(rows), c = parse.GetValue(columns);
            var options = new SyntheticChestCtOptions
            {
                Rows = r,
                Columns = c,
                Slices = parse.GetValue(slices),
                // Keep a ~320 mm field of view and 5 mm slices whatever the matrix.
                RowSpacing = 320.0 / r,
                ColumnSpacing = 320.0 / c,
                Seed = parse.GetValue(seed),
                Abdomen = parse.GetValue(abdomen),
            };
            SyntheticChestCtResult result = new SyntheticChestCtGenerator().Write(parse.GetValue(output)!.FullName, options);
            CliJson.Write(new
            {
                folder = parse.GetValue(output)!.FullName,
                studyInstanceUid = result.Series.StudyInstanceUid,
                seriesInstanceUid = result.Series.SeriesInstanceUid,
                slices = result.Series.Slices.Count,
                voxelVolumeMm3 = result.Series.VoxelVolumeMm3,
                groundTruth = result.Counts,
            });
            return ExitCodes.Success;
        }));
        return command;
    }
}
