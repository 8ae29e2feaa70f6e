using TinyUNet.Model.Weights;
using TorchSharp;
using static TorchSharp.torch;

using TinyUNet.TestSupport;

namespace TinyUNet.Model.Tests;

/// <summary>Our TinyU-Net against outputs of the official PyTorch implementation (shared fixture).</summary>
public sealed class ParityTests
{
    [Fact]
    public void Run_OfficialFixture_MatchesReferenceOutputWithin1e4()
    {
        ParityResult result = ParityCheck.Run(SharedData.ParityWeights, SharedData.ParityIo);

        Assert.Equal(3, result.InChannels);
        Assert.Equal(4, result.NumClasses);
        Assert.True(result.MaxAbsDiff <= 1e-4, $"max |diff| {result.MaxAbsDiff}");
    }

    [Fact]
    public void Run_FusedNetwork_MatchesReferenceOutputWithin1e4()
    {
        ParityResult result = ParityCheck.Run(SharedData.ParityWeights, SharedData.ParityIo, fused: true);

        Assert.True(result.MaxAbsDiff <= 1e-4, $"max |diff| {result.MaxAbsDiff}");
    }

    [Fact]
    public void FuseForInference_OfficialWeights_SameOutputWithin1e5()
    {
        using var network = LoadFixtureNetwork();
        using var noGrad = no_grad();
        manual_seed(7);
        using Tensor input = randn(2, 3, 64, 96);
        using Tensor unfused = network.forward(input);

        network.FuseForInference();
        using Tensor fused = network.forward(input);

        double maxDiff = (fused - unfused).abs().max().item<float>();
        Assert.True(network.IsFused);
        Assert.True(maxDiff <= 1e-5, $"max |fused − unfused| = {maxDiff}");
        Assert.True(unfused.abs().max().item<float>() > 0.1, "outputs must not be trivially zero");
    }

    [Fact]
    public void Forward_SizeNotMultipleOf16_ThrowsArgumentException()
    {
        using var network = new TinyUNetNetwork(3, 4);
        using Tensor input = zeros(1, 3, 40, 48);

        var error = Assert.Throws<ArgumentException>(() => network.forward(input));
        Assert.Contains("multiples of 16", error.Message);
    }

    [Fact]
    public void Forward_NonSquareMultipleOf16_KeepsSpatialSize()
    {
        using var network = new TinyUNetNetwork(1, 2);
        network.eval();
        using var noGrad = no_grad();
        using Tensor output = network.forward(zeros(1, 1, 48, 80));

        Assert.Equal(new long[] { 1, 2, 48, 80 }, output.shape);
    }

    internal static TinyUNetNetwork LoadFixtureNetwork()
    {
        var network = new TinyUNetNetwork(3, 4);
        StateDictLoader.LoadStrict(network, SharedData.ParityWeights);
        network.eval();
        return network;
    }
}
