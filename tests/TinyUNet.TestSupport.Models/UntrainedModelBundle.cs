using TinyUNet.Model;
using TinyUNet.Model.Bundles;

namespace TinyUNet.TestSupport.Models;

/// <summary>
/// A real TinyU-Net bundle with seeded random (untrained) weights: its answers vary from pixel to pixel and slice to
/// slice, which is what plumbing tests need (where every slice lands), not a good segmentation.
/// </summary>
public static class UntrainedModelBundle
{
    public static string Write(string directory, int inputSize = 32, int seed = 1)
    {
        TorchSharp.torch.random.manual_seed(seed);
        using var network = new TinyUNetNetwork(3, 4);
        network.eval();
        var channel = new ChannelPreprocessing(-425, 1350, 0.5, 0.3);
        return TestBundles.Save(directory, network, "untrained", new InputSpec(inputSize, inputSize, [channel, channel, channel]), "none");
    }
}
