using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Training.Tensors;

/// <summary>
/// auto (CUDA when libtorch sees a GPU), cpu, cuda or cuda:N. Kept here rather than taken from the pipeline so
/// training does not pull in the DICOM layer and its native GDCM dependency.
/// </summary>
public static class DeviceResolver
{
    public static Device Resolve(string name)
    {
        string normalized = name.Trim().ToLowerInvariant();
        if (normalized == "auto") return cuda.is_available() ? CUDA : CPU;
        if (normalized == "cpu") return CPU;
        if (normalized.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new InvalidOperationException($"Device '{name}' was asked for but CUDA is not available.");
            return new Device(normalized);
        }
        throw new ArgumentException($"Unknown device '{name}': use auto, cpu, cuda or cuda:N.", nameof(name));
    }

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
