using TinyUNet.Worker.Configuration;
using TinyUNet.Worker.Inference;

namespace TinyUNet.Worker.Tests;

/// <summary>The worker tunes glibc's allocator only where a CPU device runs inference.</summary>
public sealed class CpuInferenceTuningTests
{
    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void ApplyFor_GpuDevices_LeavesTheAllocatorAlone(string name) =>
        Assert.False(CpuInferenceTuning.ApplyFor(new DeviceOptions { Name = name }));

    [Fact]
    public void ApplyFor_InvalidSettings_LeftToStartUpValidation() =>
        Assert.False(CpuInferenceTuning.ApplyFor(new DeviceOptions { Name = "gpu" }));

    [Fact]
    public void ApplyFor_Cpu_Tuned() => Assert.True(CpuInferenceTuning.ApplyFor(new DeviceOptions { Name = "cpu" }));
}
