using TinyUNet.Model.Bundles;
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

    [Fact]
    public void Load_SourceWithItsOwnExportWindow_MapsItsGrayIntoTheModelsWindow()
    {
        using var temp = new TempFolder();
        string root = SyntheticSlices.WriteDataset(temp.Path, 2, 8, 8);
        var gray = new byte[8 * 8];
        new byte[] { 0, 14, 98, 255 }.CopyTo(gray, 0);
        LabelPngWriter.Write(Path.Combine(root, "images", "0.png"), 8, 8, gray);
        File.Move(Path.Combine(root, "images", "0.png"), Path.Combine(root, "images", "wide_0.png"));
        File.Move(Path.Combine(root, "masks", "0.png"), Path.Combine(root, "masks", "wide_0.png"));
        LabelPngWriter.Write(Path.Combine(root, "images", "1.png"), 8, 8, gray);
        var spec = new DatasetSpec { Path = root, LungField = LungFieldMode.None, ExportWindows = [new ExportWindow("wide", 350, 2700)] };
        var dataset = new ImageFolderDataset(spec, Classes, new ChannelPreprocessing(-425, 1350));

        float[] wide = dataset.Load(dataset.SampleNames.ToList().IndexOf("wide_0")).Intensities;
        float[] plain = dataset.Load(dataset.SampleNames.ToList().IndexOf("1")).Intensities;

        // Export window −1000…1700 HU; model window −1100…250 HU. Gray 0 = −1000 HU = 100/1350 of the model's window;
        // 14 = −851.8 HU (lung) = 0.1839; 98 = 37.6 HU (soft tissue) = 0.8427; 255 = 1700 HU, clipped to 1.
        Assert.Equal([0.0741f, 0.1839f, 0.8427f, 1f], wide.Take(4).Select(v => MathF.Round(v, 4)));
        Assert.Equal(gray.Select(g => g / 255f), plain);
    }

    [Fact]
    public void ExportWindows_WithoutTheModelsWindow_ThrowTypedError()
    {
        using var temp = new TempFolder();
        string root = SyntheticSlices.WriteDataset(temp.Path, 1, 8, 8);
        var spec = new DatasetSpec { Path = root, ExportWindows = [new ExportWindow("x", 350, 2700)] };

        var error = Assert.Throws<DatasetException>(() => new ImageFolderDataset(spec, Classes));

        Assert.Equal(DatasetErrorKind.InvalidConfiguration, error.Kind);
    }

    /// <summary>
    /// The failure that the export window mends: coronacases slices (70 % of the pseudo set) through the model's window
    /// alone look like soft tissue at −500 HU, so the body box found the mediastinum and none of the lungs.
    /// </summary>
    [Fact]
    public void PseudoSet_ShippedConfig_BodyBoxOfACoronacasesSliceHoldsItsInfection()
    {
        TrainingConfig config = TrainingConfigFile.Read(Path.Combine(LocalStack.RepositoryRoot(), "models", "training",
            "covid-semiseg-pseudo-pretrain.json"));
        DatasetSpec spec = config.Dataset with { Path = SharedData.Data("covid-semiseg-pseudo"), LungField = LungFieldMode.None };
        var dataset = new ImageFolderDataset(spec, Classes, config.Window(0, 1));
        SegmentationSample sample = dataset.Load(dataset.SampleNames.ToList().IndexOf("Data-1_coronacases_org_010_32"));
        float[] hu = [.. sample.Intensities.Select(v => config.Window(0, 1).FromUnit(v))];

        var box = TinyUNet.Model.Framing.BodyBox.Find(hu, sample.Width, sample.Height, (float)config.BodyThresholdHu!.Value);

        int infection = 0, inside = 0;
        for (int y = 0; y < sample.Height; y++)
            for (int x = 0; x < sample.Width; x++)
            {
                if (sample.Labels[y * sample.Width + x] == 0) continue;
                infection++;
                if (x >= box.X && x < box.X + box.Width && y >= box.Y && y < box.Y + box.Height) inside++;
            }
        Assert.True(infection > 5000, $"{infection} infection pixels");
        Assert.Equal(infection, inside);
        Assert.True(box.Width * box.Height > 0.7 * sample.PixelCount, $"body box {box} of {sample.Width}×{sample.Height}");
    }
}
