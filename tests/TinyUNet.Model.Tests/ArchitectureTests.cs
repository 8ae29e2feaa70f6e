using TinyUNet.Model.Weights;
using static TorchSharp.torch;

using TinyUNet.TestSupport;

namespace TinyUNet.Model.Tests;

/// <summary>The network's structure against the official state_dict: keys, shapes and parameter counts.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void StateDict_KeysAndShapes_EqualOfficialFixture()
    {
        Dictionary<string, Tensor> official = StateDictFile.Read(SharedData.ParityWeights);
        using var network = new TinyUNetNetwork(3, 4);
        Dictionary<string, Tensor> ours = network.state_dict();

        Assert.Equal(official.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, tensor) in official)
            Assert.True(tensor.shape.SequenceEqual(ours[key].shape), $"shape of {key}");
        foreach (Tensor t in official.Values) t.Dispose();
    }

    [Fact]
    public void ParameterCount_In3Classes4_Is481300()
    {
        using var network = new TinyUNetNetwork(3, 4);

        Assert.Equal(481_300, network.ParameterCount);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 7)]
    public void ParameterCount_OtherShapes_FollowsOfficialFixture(int inChannels, int classes)
    {
        // From the official state_dict: only encoder1's first 1×1 conv (8 outputs) and final_conv depend on
        // in_channels and classes; everything else is fixed. BatchNorm running stats are buffers, not parameters.
        Dictionary<string, Tensor> official = StateDictFile.Read(SharedData.ParityWeights);
        long fixedPart = official.Where(kv => !kv.Key.Contains("running_") && !kv.Key.EndsWith("num_batches_tracked"))
            .Sum(kv => kv.Value.numel()) - 8 * 3 - (4 * 64 + 4);
        foreach (Tensor t in official.Values) t.Dispose();

        using var network = new TinyUNetNetwork(inChannels, classes);

        Assert.Equal(fixedPart + 8 * inChannels + classes * 64 + classes, network.ParameterCount);
    }

    [Fact]
    public void ConvMacs_DoublingSize_QuadruplesWork()
    {
        using var network = new TinyUNetNetwork(3, 4);

        Assert.Equal(4 * network.ConvMacs(256, 256), network.ConvMacs(512, 512));
        Assert.InRange(2.0 * network.ConvMacs(256, 256) / 1e9, 3.0, 3.4);
    }

    [Fact]
    public void Cmrf_CustomGroups_BuildsCascadeOfNMinusOneDepthwiseBlocks()
    {
        using var cmrf = new Cmrf(32, 64, groups: 4);

        Assert.Equal(3 + 2, cmrf.ConvBlocks.Count());
        using var noGrad = no_grad();
        cmrf.eval();
        using Tensor output = cmrf.forward(zeros(1, 32, 16, 16));
        Assert.Equal(new long[] { 1, 64, 16, 16 }, output.shape);
    }

    [Fact]
    public void Cmrf_SameInAndOutChannels_AddsResidual()
    {
        using var cmrf = new Cmrf(16, 16);
        cmrf.eval();
        using var noGrad = no_grad();
        foreach (var p in cmrf.parameters()) p.zero_();
        using Tensor input = randn(1, 16, 8, 8);

        // All-zero weights make the branch output GELU(0·x)=0 after pwconv2's BN bias 0, so only the residual is left.
        using Tensor output = cmrf.forward(input);

        Assert.True((output - input).abs().max().item<float>() < 1e-6);
    }
}
