using System.Text.Json;
using TinyUNet.Model;
using TinyUNet.Model.Bundles;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Training.Imaging;
using TinyUNet.Training.Inference;
using TinyUNet.TestSupport.Models;

namespace TinyUNet.Training.Tests;

public sealed class PredictionTests
{
    [Fact]
    public void ImageFolderPredictor_TwoSizes_MasksAtImageSizeWithClassIndices()
    {
        using var temp = new TempFolder();
        string images = temp.Folder("images");
        LabelPngWriter.Write(Path.Combine(images, "a.png"), 40, 24, SyntheticSlices.Image(40, 24, 0));
        File.Copy(Path.Combine(SharedData.CovidSemiSeg, "images", "2.jpg"), Path.Combine(images, "b.jpg"));
        using SegmentationModel model = SegmentationModel.Load(UntrainedModelBundle.Write(temp.File("bundle")), new InferenceOptions { Device = "cpu" });

        IReadOnlyList<string> written = ImageFolderPredictor.Run(new SliceSegmenter(model).SegmentWindowed, model.Manifest,
            images, temp.File("out"), CancellationToken.None);

        Assert.Equal(2, written.Count);
        var (w, h, values) = PngLabelReader.Read(temp.File("out/a.png"));
        Assert.Equal((40, 24), (w, h));
        Assert.All(values, v => Assert.InRange(v, 0, 3));
        var (bw, bh, _) = PngLabelReader.Read(temp.File("out/b.png"));
        Assert.Equal((285, 327), (bw, bh));
        var classes = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(temp.File("out/classes.json")))!;
        Assert.Equal(new Dictionary<string, string> { ["0"] = "background", ["1"] = "lung", ["2"] = "ggo", ["3"] = "consolidation" }, classes);
    }
}
