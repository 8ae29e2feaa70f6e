using TinyUNet.Training.Data;
using TinyUNet.Training.Imaging;

namespace TinyUNet.Training.Tests;

public sealed class ImageFolderDatasetTests
{
    private static readonly string[] Classes = ["background", "lung", "ggo", "consolidation"];

    [Fact]
    public void Load_SharedSlice_SizesMatchAndLungIsDerived()
    {
        var dataset = new ImageFolderDataset(new DatasetSpec { Path = SharedData.CovidSemiSeg }, Classes);

        SegmentationSample sample = dataset.Load(0);

        Assert.Equal(50, dataset.SampleNames.Count);
        Assert.Equal("0", sample.Name);
        Assert.Equal(sample.PixelCount, sample.Intensities.Length);
        Assert.Equal(sample.PixelCount, sample.Labels.Length);
        Assert.All(sample.Labels, l => Assert.InRange(l, (byte)0, (byte)3));
        Assert.Contains((byte)1, sample.Labels);
        Assert.Equal(new HashSet<int> { 0, 1, 2, 3 }, dataset.LabelledClasses);
    }

    [Fact]
    public void Load_SharedSliceWithoutLungDerivation_KeepsLesionCountsOfTheMask()
    {
        var spec = new DatasetSpec { Path = SharedData.CovidSemiSeg, LungField = LungFieldMode.None };
        var dataset = new ImageFolderDataset(spec, Classes);
        var (_, _, raw) = PngLabelReader.Read(Path.Combine(SharedData.CovidSemiSeg, "masks", "0.png"));

        SegmentationSample sample = dataset.Load(0);

        Assert.DoesNotContain((byte)1, sample.Labels);
        Assert.Equal(new HashSet<int> { 2, 3 }, dataset.LabelledClasses);   // background may hide lung: not stated
        Assert.Equal(raw.Count(v => v == 1), sample.Labels.Count(l => l == 2));
        Assert.Equal(raw.Count(v => v == 2), sample.Labels.Count(l => l == 3));
    }

    [Fact]
    public void Load_MaskSizeMismatch_ThrowsTypedError()
    {
        using var temp = new TempFolder();
        string root = SyntheticSlices.WriteDataset(temp.Path, 1, 32, 32);
        LabelPngWriter.Write(Path.Combine(root, "masks", "0.png"), 30, 32, new byte[30 * 32]);

        var error = Assert.Throws<DatasetException>(() => new ImageFolderDataset(new DatasetSpec { Path = root }, Classes).Load(0));

        Assert.Equal(DatasetErrorKind.MaskSizeMismatch, error.Kind);
        Assert.Contains("30×32", error.Message);
    }

    [Fact]
    public void Load_UnknownClassValue_ThrowsTypedError()
    {
        using var temp = new TempFolder();
        string root = SyntheticSlices.WriteDataset(temp.Path, 1, 32, 32);
        byte[] mask = SyntheticSlices.Mask(32, 32);
        mask[5] = 7;
        LabelPngWriter.Write(Path.Combine(root, "masks", "0.png"), 32, 32, mask);

        var error = Assert.Throws<DatasetException>(() => new ImageFolderDataset(new DatasetSpec { Path = root }, Classes).Load(0));

        Assert.Equal(DatasetErrorKind.UnknownClassValue, error.Kind);
        Assert.Contains("label value 7", error.Message);
    }

    [Fact]
    public void Load_UnreadableImage_ThrowsTypedError()
    {
        using var temp = new TempFolder();
        string root = SyntheticSlices.WriteDataset(temp.Path, 1, 32, 32);
        File.Delete(Path.Combine(root, "images", "0.png"));
        File.WriteAllText(Path.Combine(root, "images", "0.jpg"), "not a jpeg");

        var error = Assert.Throws<DatasetException>(() => new ImageFolderDataset(new DatasetSpec { Path = root }, Classes).Load(0));

        Assert.Equal(DatasetErrorKind.UnreadableImage, error.Kind);
        Assert.Contains("0.jpg", error.Message);
    }

    [Fact]
    public void Open_MissingMask_ThrowsTypedError()
    {
        using var temp = new TempFolder();
        string root = SyntheticSlices.WriteDataset(temp.Path, 2, 32, 32);
        File.Delete(Path.Combine(root, "masks", "1.png"));

        var error = Assert.Throws<DatasetException>(() => new ImageFolderDataset(new DatasetSpec { Path = root }, Classes));

        Assert.Equal(DatasetErrorKind.MissingMask, error.Kind);
    }

    [Fact]
    public void Open_ClassMapNamesUnknownClass_ThrowsInvalidConfiguration()
    {
        using var temp = new TempFolder();
        string root = SyntheticSlices.WriteDataset(temp.Path, 1, 32, 32);
        var spec = new DatasetSpec { Path = root, ClassMap = new Dictionary<string, string> { ["0"] = "background", ["1"] = "tumour" } };

        var error = Assert.Throws<DatasetException>(() => new ImageFolderDataset(spec, Classes));

        Assert.Equal(DatasetErrorKind.InvalidConfiguration, error.Kind);
    }

    [Fact]
    public void Load_PseudoLabelSet_ThresholdsAntiAliasedMaskIntoTheLesionGroupAndTurnsListedSources()
    {
        using var temp = new TempFolder();
        string root = SyntheticSlices.WriteDataset(temp.Path, 1, 32, 32);
        File.Move(Path.Combine(root, "images", "0.png"), Path.Combine(root, "images", "turned_0.png"));
        var mask = new byte[32 * 32];
        mask[0] = 255;   // infection, top-left
        mask[1] = 100;   // anti-aliased edge below the threshold
        LabelPngWriter.Write(Path.Combine(root, "masks", "turned_0.png"), 32, 32, mask);
        var spec = new DatasetSpec
        {
            Path = root,
            ClassMap = new Dictionary<string, string> { ["0"] = "background", ["1"] = "ggo|consolidation" },
            MaskThreshold = 127,
            Rotate180Prefixes = ["turned"],
            LungField = LungFieldMode.None,
        };
        var dataset = new ImageFolderDataset(spec, Classes);

        SegmentationSample sample = dataset.Load(0);

        Assert.Equal([new[] { 2, 3 }], dataset.TargetGroups);
        Assert.Equal(4, sample.Labels[^1]);          // turned 180°: the top-left pixel is now bottom-right
        Assert.Equal(1, sample.Labels.Count(l => l == 4));
        Assert.Equal(0, sample.Labels[^2]);
    }

    [Fact]
    public void ClassMap_OverlappingGroups_ThrowsTypedError()
    {
        var error = Assert.Throws<DatasetException>(() => new ClassMap(
            new Dictionary<string, string> { ["1"] = "ggo|consolidation", ["2"] = "lung|ggo" }, Classes));

        Assert.Equal(DatasetErrorKind.InvalidConfiguration, error.Kind);
    }
}
