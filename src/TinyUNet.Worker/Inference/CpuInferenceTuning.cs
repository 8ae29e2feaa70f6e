using TinyUNet.Model;
using TinyUNet.Worker.Configuration;

namespace TinyUNet.Worker.Inference;

/// <summary>
/// The worker's decision on process-wide tuning: glibc's allocator is tuned (<see cref="CpuAllocatorTuning"/>) when one
/// of the devices <see cref="DeviceOptions"/> names is the CPU, and left alone on a GPU-only worker, where it would only
/// keep the peak heap. Made while the host is being wired, before its threads start (each would take its own arena).
/// </summary>
public static class CpuInferenceTuning
{
    /// <summary>Returns whether the tuning is in effect. Settings that fail validation are left to start-up validation.</summary>
    public static bool ApplyFor(DeviceOptions devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Validate().Any() || !RunsOnCpu(devices)) return false;
        return CpuAllocatorTuning.Apply();
    }

    // "cpu" needs no libtorch to decide; "auto" asks whether CUDA is there (the models' loading asks the same later).
    private static bool RunsOnCpu(DeviceOptions devices) =>
        devices.Name.Trim().ToLowerInvariant() switch
        {
            "cpu" => true,
            "auto" => devices.DeviceNames(TorchSharp.torch.cuda.is_available()).Contains("cpu"),
            _ => false,
        };
}
