namespace TinyUNet.Model.Tests;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void DisableNnpack_BundledLibtorch_TurnsItOffAndKeepsParity()
    {
        Assert.True(TorchRuntime.DisableNnpack());

        ParityResult result = ParityCheck.Run(TestSupport.SharedData.ParityWeights, TestSupport.SharedData.ParityIo);
        Assert.True(result.MaxAbsDiff <= 1e-4, $"max |diff| {result.MaxAbsDiff}");
    }

    [Fact]
    public void CpuAllocatorTuning_OnGlibc_AppliesAndIsIdempotent()
    {
        Assert.True(CpuAllocatorTuning.Apply());
        Assert.True(CpuAllocatorTuning.Apply());
    }
}
