using TinyUNet.Model;
using TinyUNet.Model.Bundles;
using TinyUNet.Pipeline.Inference;
using TinyUNet.TestSupport;
using TinyUNet.TestSupport.Models;

namespace TinyUNet.Pipeline.Tests;

/// <summary>
/// The forward-pass self-check that start-up and the readiness probe run on every device's model, and its lanes
/// (forward passes at once).
/// </summary>
public sealed class SegmentationModelTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void CheckForwardPass_WorkingModel_Passes()
    {
        using var model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("ok")), new InferenceOptions { Device = "cpu" });

        Assert.Null(model.CheckForwardPass());
    }

    [Fact]
    public void CheckForwardPass_WeightsGiveNaN_FailsWithReason()
    {
        using var model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("nan"), lungBias: float.NaN),
            new InferenceOptions { Device = "cpu" });

        Assert.Equal("forward pass gave non-finite scores", model.CheckForwardPass());
    }

    [Fact]
    public void Load_CpuWithoutLanes_OneLanePerCoreAtMostFourCoresSharedOut()
    {
        using var model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("auto")), new InferenceOptions { Device = "cpu" });

        Assert.Equal(Math.Min(Environment.ProcessorCount, 4), model.Lanes);
        Assert.Equal(Environment.ProcessorCount / model.Lanes, model.ThreadsPerLane);
    }

    [Fact]
    public void Load_OneLaneOnCpu_GetsEveryCore()
    {
        using var model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("one")), new InferenceOptions { Device = "cpu", Lanes = 1 });

        Assert.Equal(Environment.ProcessorCount, model.ThreadsPerLane);
    }

    [Fact]
    public void Load_NegativeLanes_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentationModel.Load(AllLungModelBundle.Write(temp.File("negative")),
            new InferenceOptions { Device = "cpu", Lanes = -1 }));

    [Fact]
    public void PredictLogits_FourThreadsAtOnce_SameScoresAsOneAfterAnother()
    {
        using var model = SegmentationModel.Load(UntrainedModelBundle.Write(temp.File("untrained")), new InferenceOptions { Device = "cpu", Lanes = 4 });
        using var inputs = TorchSharp.torch.randn(8, 3, 32, 32, generator: new TorchSharp.torch.Generator(7));
        float[][] expected = [.. Enumerable.Range(0, 8).Select(i => Scores(model, inputs, i))];

        var concurrent = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i] = Scores(model, inputs, i));

        for (int i = 0; i < 8; i++) Assert.Equal(expected[i], concurrent[i]);
    }

    private static float[] Scores(SegmentationModel model, TorchSharp.torch.Tensor inputs, int index)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        return model.PredictLogits(inputs.narrow(0, index, 1)).data<float>().ToArray();
    }

    [Fact]
    public void PredictLogits_FlipAveraging_MeanOfTheSliceAndItsMirrorImage()
    {
        string bundle = UntrainedModelBundle.Write(temp.File("flips"));
        using var plain = SegmentationModel.Load(bundle, new InferenceOptions { Device = "cpu", Lanes = 1 });
        using var averaged = SegmentationModel.Load(bundle, new InferenceOptions { Device = "cpu", Lanes = 1, FlipAveraging = true });
        using var scope = TorchSharp.torch.NewDisposeScope();
        var input = TorchSharp.torch.randn(2, 3, 32, 48, generator: new TorchSharp.torch.Generator(5));

        var expected = plain.PredictLogits(input).Plus(plain.PredictLogits(input.flip(3)).flip(3)).mul(TinyUNet.Model.RootedScalars.Half);
        var actual = averaged.PredictLogits(input);

        Assert.True(expected.allclose(actual, rtol: 0, atol: 1e-6));
        // Were the option ignored, the scores would equal the plain ones exactly: an untrained network is not mirror-symmetric.
        double change = actual.Minus(plain.PredictLogits(input)).abs().max().item<float>();
        Assert.True(change > 1e-7, $"flip averaging changed the scores by {change}");
    }

    [Fact]
    public void FlipAveraging_BundleAsksForIt_OnByDefaultAndTheOptionsOverride()
    {
        string plain = UntrainedModelBundle.Write(temp.File("plain"));
        string bundle = temp.File("asks-for-flips");
        Directory.CreateDirectory(bundle);
        foreach (string file in Directory.GetFiles(plain)) File.Copy(file, Path.Combine(bundle, Path.GetFileName(file)));
        string manifestPath = Path.Combine(bundle, ModelBundle.ManifestFileName);
        var manifest = System.Text.Json.JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(manifestPath), ModelBundle.JsonOptions)!;
        File.WriteAllText(manifestPath, System.Text.Json.JsonSerializer.Serialize(
            manifest with { Inference = new InferenceDefaults(FlipAveraging: true) }, ModelBundle.JsonOptions));
        using var byBundle = SegmentationModel.Load(bundle, new InferenceOptions { Device = "cpu", Lanes = 1 });
        using var forcedOff = SegmentationModel.Load(bundle, new InferenceOptions { Device = "cpu", Lanes = 1, FlipAveraging = false });
        using var plainBundle = SegmentationModel.Load(plain, new InferenceOptions { Device = "cpu", Lanes = 1 });
        using var scope = TorchSharp.torch.NewDisposeScope();
        var input = TorchSharp.torch.randn(1, 3, 32, 32, generator: new TorchSharp.torch.Generator(9));

        Assert.True(byBundle.FlipAveraging);
        Assert.False(forcedOff.FlipAveraging);
        Assert.False(plainBundle.FlipAveraging);
        Assert.True(forcedOff.PredictLogits(input).equal(plainBundle.PredictLogits(input)).all().item<bool>());
        Assert.False(byBundle.PredictLogits(input).equal(plainBundle.PredictLogits(input)).all().item<bool>());
    }

    [Fact]
    public void Dispose_Twice_NoError()
    {
        var model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("twice")), new InferenceOptions { Device = "cpu" });

        model.Dispose();
        model.Dispose();
    }
}
