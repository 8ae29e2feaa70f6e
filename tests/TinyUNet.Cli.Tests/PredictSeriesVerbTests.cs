using System.Text.Json;
using TinyUNet.TestSupport;

namespace TinyUNet.Cli.Tests;

/// <summary>`predict --series` is `segment` by another name: same pipeline, same outputs for the same series and model.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class PredictSeriesVerbTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public void PredictSeries_SyntheticCt_SameVolumetricsAsSegment()
    {
        Assert.Equal(0, CliRunner.Run("synthetic-ct", "--out", temp.File("ct"), "--rows", "64", "--columns", "64",
            "--slices", "10").ExitCode);

        var (segmentCode, _, segmentError) = CliRunner.Run("segment", "--series", temp.File("ct"), "--out", temp.File("segment"),
            "--device", "cpu");
        var (predictCode, predictOutput, predictError) = CliRunner.Run("predict", "--series", temp.File("ct"),
            "--out", temp.File("predict"), "--device", "cpu");

        Assert.True(segmentCode == 0, segmentError);
        Assert.True(predictCode == 0, predictError);
        Assert.Contains("(10 slices)", predictOutput);
        Dciodvfy.AssertValid(Assert.Single(Directory.GetFiles(temp.File("predict"), "*.seg.dcm")));
        Assert.Equal(VoxelCounts(temp.File("segment")), VoxelCounts(temp.File("predict")));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Predict_ImagesAndSeriesBothOrNeither_UsageError(bool withImages, bool withSeries)
    {
        var arguments = new List<string> { "predict", "--out", temp.File("out") };
        if (withImages) arguments.AddRange(["--images", temp.Path]);
        if (withSeries) arguments.AddRange(["--series", temp.Path]);

        var (code, _, error) = CliRunner.Run([.. arguments]);

        Assert.Equal(2, code);
        Assert.Contains("exactly one of --images and --series", error);
    }

    private static string VoxelCounts(string folder)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Assert.Single(Directory.GetFiles(folder, "*.volumetrics.json"))));
        return string.Join(";", json.RootElement.GetProperty("total").GetProperty("classes").EnumerateArray()
            .Select(c => $"{c.GetProperty("class").GetString()}={c.GetProperty("voxelCount").GetInt64()}"));
    }

    public void Dispose() => temp.Dispose();
}
