using TinyUNet.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Cli;

/// <summary>
/// The command line's decision on process-wide tuning: glibc's allocator is tuned (<see cref="CpuAllocatorTuning"/>,
/// about 1.5–2× faster CPU inference and training) for a verb whose model runs on the CPU, and left alone when it runs
/// on a GPU or the verb runs no model. Called before the model is loaded, while the verb's thread is still the only
/// busy one.
/// </summary>
public static class CpuInference
{
    /// <summary>Resolves the device name (auto, cpu, cuda, cuda:N); tunes the allocator when it is the CPU.</summary>
    public static Device Prepare(string deviceName)
    {
        Device device = TorchDevices.Resolve(deviceName);
        if (device.type == DeviceType.CPU) CpuAllocatorTuning.Apply();
        return device;
    }

    /// <summary>Whether the named device is the CPU (auto without a GPU included).</summary>
    public static bool IsCpu(string deviceName) => TorchDevices.Resolve(deviceName).type == DeviceType.CPU;
}
