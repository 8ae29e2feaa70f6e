using TinyUNet.Training.Data;
using TinyUNet.Training.Imaging;
using TinyUNet.Training.SelfTraining;

namespace TinyUNet.Training.Tests;

public sealed class PseudoLabelRelabellerTests
{
    private static readonly string[] Classes = ["background", "lung", "ggo", "consolidation"];

    [Fact]
    public void Run_InfectionMasks_TeacherDecidesTheKindOnlyInsideThem()
    {
        using var temp = new TempFolder();
        string source = SyntheticSlices.WriteDataset(Path.Combine(temp.Path, "pseudo"), 3, 32, 24);
        var spec = new DatasetSpec
        {
            Path = source,
            ClassMap = new Dictionary<string, string> { ["0"] = "background", ["1"] = "ggo|consolidation" },
            LungField = LungFieldMode.None,
        };
        ISegmentationDataset dataset = DatasetFactory.Open(spec, Classes, new Model.Bundles.ChannelPreprocessing(-425, 1350));
        // The teacher calls the left half consolidation and the right half background (it missed that infection).
        byte[] Teacher(float[] intensities, int width, int height, Model.Bundles.SliceOrientation? stored) =>
            [.. Enumerable.Range(0, width * height).Select(i => (byte)(i % width < width / 2 ? 3 : 0))];
        string output = Path.Combine(temp.Path, "relabelled");

        RelabelReport report = PseudoLabelRelabeller.Run(Teacher, "teacher", dataset, (2, 3), output, null, CancellationToken.None);

        byte[] infection = SyntheticSlices.Mask(32, 24);
        var (width, height, values) = PngLabelReader.Read(Path.Combine(output, "masks", "1.png"));
        Assert.Equal((32, 24), (width, height));
        for (int i = 0; i < values.Length; i++)
        {
            int expected = infection[i] == 0 ? 0 : i % width < width / 2 ? PseudoLabelRelabeller.Consolidation : PseudoLabelRelabeller.Ggo;
            Assert.True(expected == values[i], $"pixel {i}: {values[i]}, expected {expected}");
        }
        Assert.Equal(3 * infection.Count(v => v != 0), report.InfectionPixels);
        Assert.Equal(report.InfectionPixels / 2, report.ConsolidationPixels);
        Assert.Equal(0.5, report.TeacherAgreement);
        Assert.Equal(SyntheticSlices.Image(32, 24, 1), GrayImageReader.Read(Path.Combine(output, "images", "1.png")).Pixels);

        // The output is a labelled image folder the trainer reads with the labelled set's class map.
        ISegmentationDataset relabelled = DatasetFactory.Open(new DatasetSpec { Path = output, LungField = LungFieldMode.None }, Classes,
            new Model.Bundles.ChannelPreprocessing(-425, 1350));
        Assert.Equal(3, relabelled.SampleNames.Count);
        Assert.Contains((byte)3, relabelled.Load(0).Labels);
    }
}
