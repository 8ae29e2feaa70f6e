using System.Text.Json;
using TinyUNet.Model.Bundles;
using TinyUNet.TestSupport;

namespace TinyUNet.Cli.Tests;

/// <summary>
/// The third dataset format through the verbs: a DICOM CT series with a DICOM-SEG (here the SEG `segment` wrote for it)
/// is found by `--data` alone, trains and evaluates with all four classes labelled.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class DicomSegDatasetVerbTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public void TrainAndEvaluate_DicomCtWithSeg_AllFourClassesScored()
    {
        string ct = temp.File("data/case1/ct");
        Assert.Equal(0, CliRunner.Run("synthetic-ct", "--out", ct, "--rows", "64", "--columns", "64", "--slices", "10").ExitCode);
        var (segmentCode, _, segmentError) = CliRunner.Run("segment", "--series", ct, "--out", temp.File("seg"), "--device", "cpu");
        Assert.True(segmentCode == 0, segmentError);
        File.Copy(Assert.Single(Directory.GetFiles(temp.File("seg"), "*.seg.dcm")), temp.File("data/case1/seg.dcm"));

        var (trainCode, _, trainError) = CliRunner.Run("train", "--data", temp.File("data"), "--out", temp.File("run"),
            "--validation-count", "2", "--size", "32", "--epochs", "1", "--device", "cpu");
        Assert.True(trainCode == 0, trainError);
        Assert.Contains("DICOM CT + SEG", trainError);
        ModelBundle.ReadManifest(temp.File("run/bundle"));

        var (evalCode, evalOut, evalError) = CliRunner.Run("evaluate", "--data", temp.File("data"), "--device", "cpu");
        Assert.True(evalCode == 0, evalError);
        using JsonDocument json = JsonDocument.Parse(evalOut);
        string[] scored = [.. json.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];
        Assert.Equal(["background", "lung", "ggo", "consolidation"], scored);
    }

    public void Dispose() => temp.Dispose();
}
