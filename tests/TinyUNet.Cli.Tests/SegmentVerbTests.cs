using System.Text.Json;
using TinyUNet.TestSupport;

namespace TinyUNet.Cli.Tests;

/// <summary>
/// `segment` on a real CT series (20 slices, JPEG 2000 lossless, empty UIDs) with the official network's weights
/// (parity fixture; random BatchNorm, so the masks are arbitrary but non-trivial): the SEG must pass dciodvfy and
/// pydicom must find exactly the voxels the volumetrics JSON counts.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SegmentVerbTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public void Segment_RealJ2kSeriesWithEmptyUids_WritesValidSegMatchingVolumetrics()
    {
        string bundle = temp.File("bundle");
        Assert.Equal(0, CliRunner.Run("import", "--weights", SharedData.ParityWeights, "--out", bundle, "--name", "parity",
            "--source", "parity fixture", "--license", "MIT").ExitCode);

        var (code, output, error) = CliRunner.Run("segment", "--series", SharedData.Dicom("messy", "ct-series-j2k-empty-uids"),
            "--out", temp.File("out"), "--model", bundle, "--device", "cpu", "--batch", "4");

        Assert.True(code == 0, error);
        Assert.Contains("(20 slices)", output);
        string seg = Assert.Single(Directory.GetFiles(temp.File("out"), "*.seg.dcm"));
        string json = Assert.Single(Directory.GetFiles(temp.File("out"), "*.volumetrics.json"));
        Assert.Equal(Path.GetFileName(seg)[..^".seg.dcm".Length], Path.GetFileName(json)[..^".volumetrics.json".Length]);
        string montage = Assert.Single(Directory.GetFiles(temp.File("out"), "*.montage.png"));
        Assert.Equal(Path.GetFileName(seg)[..^".seg.dcm".Length], Path.GetFileName(montage)[..^".montage.png".Length]);
        Dciodvfy.AssertValid(seg);

        using JsonDocument volumetrics = JsonDocument.Parse(File.ReadAllText(json));
        Dictionary<int, long> segVoxels = PydicomSeg.VoxelsPerSegment(seg);
        Assert.Equal(Voxels(volumetrics, "right", "whole_lung"), segVoxels.GetValueOrDefault(1));
        Assert.Equal(Voxels(volumetrics, "left", "whole_lung"), segVoxels.GetValueOrDefault(2));
        Assert.Equal(Voxels(volumetrics, "total", "ggo"), segVoxels.GetValueOrDefault(3));
        Assert.Equal(Voxels(volumetrics, "total", "consolidation"), segVoxels.GetValueOrDefault(4));
    }

    [Fact]
    public void Segment_FolderWithoutDicom_OneLineErrorAndNonZeroExit()
    {
        Directory.CreateDirectory(temp.File("empty"));
        string bundle = temp.File("bundle");
        CliRunner.Run("import", "--weights", SharedData.ParityWeights, "--out", bundle, "--name", "p", "--source", "s", "--license", "MIT");

        var (code, _, error) = CliRunner.Run("segment", "--series", temp.File("empty"), "--out", temp.File("out"), "--model", bundle);

        Assert.Equal(3, code);
        Assert.StartsWith("error:", error.Trim().Split('\n').Last());
        Assert.False(Directory.Exists(temp.File("out")) && Directory.EnumerateFiles(temp.File("out")).Any());
    }

    private static long Voxels(JsonDocument volumetrics, string region, string className) =>
        volumetrics.RootElement.GetProperty(region).GetProperty("classes").EnumerateArray()
            .Single(c => c.GetProperty("class").GetString() == className).GetProperty("voxelCount").GetInt64();

    public void Dispose() => temp.Dispose();
}
