using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>Resolves a device name (auto, cpu, cuda, cuda:N) against what this libtorch can use.</summary>
public static class TorchDevices
{
    public static Device Resolve(string name)
    {
        string normalized = name.Trim().ToLowerInvariant();
        if (normalized == "auto") return cuda.is_available() ? CUDA : CPU;
        if (normalized == "cpu") return CPU;
        if (normalized.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new InvalidOperationException(
                    $"Device '{name}' was asked for but CUDA is not available (CPU libtorch, or no GPU visible).");
            return new Device(normalized);
        }
        throw new ArgumentException($"Unknown device '{name}': use auto, cpu, cuda or cuda:N.", nameof(name));
    }
}
