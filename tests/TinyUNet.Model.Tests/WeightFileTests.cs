using TinyUNet.Model.Weights;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

using TinyUNet.TestSupport;

namespace TinyUNet.Model.Tests;

/// <summary>Weight files that are broken or belong to another network fail with an error naming the key.</summary>
public sealed class WeightFileTests
{
    [Fact]
    public void LoadStrict_MissingKey_NamesTheKey()
    {
        using var temp = new TempFolder();
        string path = RewriteFixture(temp, "missing.safetensors", d => d.Remove("decoder2.cmrf.m.4.bn.running_var"));

        var error = LoadInto(new TinyUNetNetwork(3, 4), path);

        Assert.Equal("decoder2.cmrf.m.4.bn.running_var", error.Key);
        Assert.Contains("Missing key 'decoder2.cmrf.m.4.bn.running_var'", error.Message);
    }

    [Fact]
    public void LoadStrict_UnexpectedKey_NamesTheKey()
    {
        using var temp = new TempFolder();
        string path = RewriteFixture(temp, "extra.safetensors", d => d["head.extra.weight"] = zeros(3));

        var error = LoadInto(new TinyUNetNetwork(3, 4), path);

        Assert.Equal("head.extra.weight", error.Key);
        Assert.Contains("Unexpected key", error.Message);
    }

    [Fact]
    public void LoadStrict_WrongClassCount_NamesFinalConvShape()
    {
        var error = LoadInto(new TinyUNetNetwork(3, 2), SharedData.ParityWeights);

        Assert.Equal("final_conv.weight", error.Key);
        Assert.Contains("file has [4, 64, 1, 1]", error.Message);
        Assert.Contains("expects [2, 64, 1, 1]", error.Message);
    }

    [Fact]
    public void Read_TruncatedSafetensors_ThrowsModelWeightsException()
    {
        using var temp = new TempFolder();
        string path = temp.File("truncated.safetensors");
        byte[] bytes = File.ReadAllBytes(SharedData.ParityWeights);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ModelWeightsException>(() => StateDictFile.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Read_GarbageHeader_ThrowsModelWeightsException()
    {
        using var temp = new TempFolder();
        string path = temp.File("garbage.safetensors");
        File.WriteAllBytes(path, [0xff, 0xff, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'x']);

        Assert.Throws<ModelWeightsException>(() => StateDictFile.Read(path));
    }

    [Fact]
    public void Read_UnknownExtension_ThrowsWithExpectedFormats()
    {
        using var temp = new TempFolder();
        string path = temp.File("weights.onnx");
        File.WriteAllText(path, "not torch");

        var error = Assert.Throws<ModelWeightsException>(() => StateDictFile.Read(path));
        Assert.Contains(".safetensors", error.Message);
    }

    [Fact]
    public void Read_PyTorchPickleWithDataParallelPrefix_LoadsAndReproducesReference()
    {
        // A torch.save()'d state_dict as written by PyTorch's pickle protocol (via TorchSharp.PyBridge's pickler),
        // with the "module." prefix nn.DataParallel adds.
        using var temp = new TempFolder();
        string path = temp.File("official.pth");
        Dictionary<string, Tensor> official = StateDictFile.Read(SharedData.ParityWeights);
        var prefixed = new System.Collections.Hashtable();
        foreach (var (key, tensor) in official) prefixed["module." + key] = tensor;
        PyTorchPickler.PickleStateDict(path, prefixed);

        ParityResult result = ParityCheck.Run(path, SharedData.ParityIo);

        Assert.True(result.MaxAbsDiff <= 1e-4, $"max |diff| {result.MaxAbsDiff}");
    }

    private static ModelWeightsException LoadInto(TinyUNetNetwork network, string path)
    {
        using (network)
        {
            Dictionary<string, Tensor> weights = StateDictFile.Read(path);
            return Assert.Throws<ModelWeightsException>(() => StateDictLoader.LoadStrict(network, weights));
        }
    }

    private static string RewriteFixture(TempFolder temp, string name, Action<Dictionary<string, Tensor>> edit)
    {
        Dictionary<string, Tensor> weights = StateDictFile.Read(SharedData.ParityWeights);
        edit(weights);
        string path = temp.File(name);
        Safetensors.SaveStateDict(path, weights);
        return path;
    }
}
