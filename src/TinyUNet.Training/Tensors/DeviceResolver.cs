using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Training.Tensors;

/// <summary>
/// auto (CUDA when libtorch sees a GPU), cpu, cuda or cuda:N (the model project's rules), and a description of the
/// hardware for provenance.
/// </summary>
public static class DeviceResolver
{
    /// <summary>
    /// Resolves the device. Process-wide tuning for the CPU (CpuAllocatorTuning) is the host's decision, made before
    /// training starts (the command line's train verb).
    /// </summary>
    public static Device Resolve(string name) => TinyUNet.Model.TorchDevices.Resolve(name);

    /// <summary>For provenance: the CPU model and core count, or the CUDA device.</summary>
    public static string Describe(Device device)
    {
        if (device.type == DeviceType.CUDA) return $"CUDA device {device} (TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version})";
        string cpu = "unknown CPU";
        try
        {
            string? line = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            if (line is not null) cpu = line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return $"CPU {cpu}, {Environment.ProcessorCount} logical cores, libtorch threads {get_num_threads()}";
    }
}
