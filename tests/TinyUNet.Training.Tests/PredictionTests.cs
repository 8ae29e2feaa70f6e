using System.Text.Json;
using TinyUNet.Model;
using TinyUNet.Model.Bundles;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Training.Imaging;
using TinyUNet.Training.Inference;

namespace TinyUNet.Training.Tests;

public sealed class PredictionTests
{
    /// <summary>An untrained 4-class bundle at 32×32: prediction plumbing does not need a good model.</summary>
    private static string UntrainedBundle(string directory)
    {
        TorchSharp.torch.random.manual_seed(1);
        using var network = new TinyUNetNetwork(3, 4);
        network.eval();
        var channel = new ChannelPreprocessing(-425, 1350, 0.5, 0.3);
        ModelBundle.Save(directory, network, new ModelManifest
        {
            Name = "untrained",
            Version = "0",
            Architecture = new ArchitectureInfo("TinyU-Net", TinyUNetNetwork.ArchitectureVersion, 3, 4),
            Input = new InputSpec(32, 32, [channel, channel, channel]),
            Classes = [new(0, "background"), new(1, "lung"), new(2, "ggo"), new(3, "consolidation")],
            Weights = new WeightsInfo(ModelBundle.WeightsFileName, new string('0', 64)),
            Provenance = new Provenance("test", "none", DateTimeOffset.UnixEpoch),
        });
        return directory;
    }

    [Fact]
    public void ImageFolderPredictor_TwoSizes_MasksAtImageSizeWithClassIndices()
    {
        using var temp = new TempFolder();
        string images = temp.Folder("images");
        LabelPngWriter.Write(Path.Combine(images, "a.png"), 40, 24, SyntheticSlices.Image(40, 24, 0));
        File.Copy(Path.Combine(SharedData.CovidSemiSeg, "images", "2.jpg"), Path.Combine(images, "b.jpg"));
        using SegmentationModel model = SegmentationModel.Load(UntrainedBundle(temp.File("bundle")), new InferenceOptions { Device = "cpu" });

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
