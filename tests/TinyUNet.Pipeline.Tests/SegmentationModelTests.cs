using TinyUNet.Pipeline.Inference;
using TinyUNet.TestSupport;
using TinyUNet.TestSupport.Models;

namespace TinyUNet.Pipeline.Tests;

/// <summary>The forward-pass self-check that start-up and the readiness probe run on every device's model.</summary>
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
    public void Dispose_Twice_NoError()
    {
        var model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("twice")), new InferenceOptions { Device = "cpu" });

        model.Dispose();
        model.Dispose();
    }
}
