using System.Text.Json;
using System.Text.Json.Nodes;
using TinyUNet.Model.Bundles;
using static TorchSharp.torch;

using TinyUNet.TestSupport;

namespace TinyUNet.Model.Tests;

public sealed class ModelBundleTests
{
    [Fact]
    public void SaveThenLoad_FixtureWeights_SameOutputsAndHashRecorded()
    {
        using var temp = new TempFolder();
        using var original = ParityTests.LoadFixtureNetwork();
        ModelManifest written = ModelBundle.Save(temp.Path, original, Manifest());

        using ModelBundle bundle = ModelBundle.Load(temp.Path);

        Assert.Equal(ModelBundle.Sha256Of(Path.Combine(temp.Path, "weights.safetensors")), bundle.WeightsSha256);
        Assert.Equal(written.Weights.Sha256, bundle.Manifest.Weights.Sha256);
        Assert.Equal(["background", "lung", "ggo", "consolidation"], bundle.Manifest.Classes.Select(c => c.Name));
        using var noGrad = no_grad();
        using Tensor input = randn(1, 3, 32, 32);
        double diff = (bundle.Network.forward(input) - original.forward(input)).abs().max().item<float>();
        Assert.Equal(0.0, diff);
    }

    [Fact]
    public void Load_WeightsModifiedAfterSave_ThrowsHashMismatch()
    {
        using var temp = new TempFolder();
        using (var network = new TinyUNetNetwork(3, 4)) ModelBundle.Save(temp.Path, network, Manifest());
        string weights = Path.Combine(temp.Path, "weights.safetensors");
        byte[] bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(weights, bytes);

        var error = Assert.Throws<ModelBundleException>(() => ModelBundle.Load(temp.Path));
        Assert.Contains("hash mismatch", error.Message);
    }

    [Fact]
    public void Load_ManifestClassCountDisagreesWithWeights_NamesTheKey()
    {
        using var temp = new TempFolder();
        using (var network = new TinyUNetNetwork(3, 4)) ModelBundle.Save(temp.Path, network, Manifest());
        EditManifest(temp.Path, json =>
        {
            json["architecture"]!["numClasses"] = 3;
            json["classes"]!.AsArray().RemoveAt(3);
        });

        var error = Assert.Throws<Weights.ModelWeightsException>(() => ModelBundle.Load(temp.Path));
        Assert.StartsWith("final_conv.", error.Key);
    }

    [Theory]
    [InlineData("classes", "duplicate index")]
    [InlineData("input", "size not multiple of 16")]
    [InlineData("architecture", "unknown architecture version")]
    public void Load_InvalidManifest_ThrowsModelBundleException(string part, string why)
    {
        using var temp = new TempFolder();
        using (var network = new TinyUNetNetwork(3, 4)) ModelBundle.Save(temp.Path, network, Manifest());
        EditManifest(temp.Path, json =>
        {
            switch (part)
            {
                case "classes": json["classes"]![1]!["index"] = 0; break;
                case "input": json["input"]!["height"] = 250; break;
                default: json["architecture"]!["version"] = "unet-2015"; break;
            }
        });

        var error = Assert.Throws<ModelBundleException>(() => ModelBundle.Load(temp.Path));
        Assert.False(string.IsNullOrWhiteSpace(error.Message), why);
    }

    [Fact]
    public void Load_FolderWithoutManifest_SaysItIsNotABundle()
    {
        using var temp = new TempFolder();

        var error = Assert.Throws<ModelBundleException>(() => ModelBundle.Load(temp.Path));
        Assert.Contains("manifest.json", error.Message);
    }

    [Fact]
    public void Save_FusedNetwork_IsRefused()
    {
        using var temp = new TempFolder();
        using var network = new TinyUNetNetwork(3, 4);
        network.eval();
        network.FuseForInference();

        Assert.Throws<ModelBundleException>(() => ModelBundle.Save(temp.Path, network, Manifest()));
    }

    internal static ModelManifest Manifest() => new()
    {
        Name = "test-model",
        Version = "0.0.1",
        Architecture = new ArchitectureInfo("TinyU-Net", TinyUNetNetwork.ArchitectureVersion, 3, 4),
        Input = new InputSpec(256, 256,
        [
            new ChannelPreprocessing(-600, 1500),
            new ChannelPreprocessing(-600, 1500),
            new ChannelPreprocessing(-600, 1500),
        ]),
        Classes =
        [
            new ClassInfo(0, "background"), new ClassInfo(1, "lung"),
            new ClassInfo(2, "ggo"), new ClassInfo(3, "consolidation"),
        ],
        Weights = new WeightsInfo(ModelBundle.WeightsFileName, new string('0', 64)),
        Provenance = new Provenance("unit test", "MIT", DateTimeOffset.UnixEpoch),
    };

    private static void EditManifest(string directory, Action<JsonNode> edit)
    {
        string path = Path.Combine(directory, ModelBundle.ManifestFileName);
        JsonNode json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
