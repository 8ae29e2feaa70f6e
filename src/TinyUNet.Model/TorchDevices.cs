using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>
/// Resolves a device name (auto, cpu, cuda, cuda:N) against what this libtorch can use, and says how inference shares
/// a device out: lanes (forward passes at once, each on its own thread) and libtorch threads per lane.
/// </summary>
public static class TorchDevices
{
    /// <summary>
    /// The lanes asked for, or when none are (0), the default: on the CPU one per core, each pass single-threaded (the
    /// model alone does as well either way, and in a study the work before and after each pass runs while the other
    /// lanes' passes do), but at most <see cref="MaxDefaultCpuLanes"/>, the cores shared out among them; one on a GPU,
    /// which runs one batch at a time.
    /// </summary>
    public static int Lanes(Device device, int requested) =>
        requested > 0 ? requested : device.type == DeviceType.CPU ? Math.Min(Environment.ProcessorCount, MaxDefaultCpuLanes) : 1;

    /// <summary>
    /// Each lane keeps a forward pass's heap (about 0.5 GB more peak memory per lane, measured with two): on a large
    /// server one lane per core would cost more memory than the study itself, for little more speed.
    /// </summary>
    public const int MaxDefaultCpuLanes = 4;

    /// <summary>
    /// Gives the calling thread <paramref name="threads"/> libtorch intra-op threads. OpenMP keeps the count per thread:
    /// one that ran libtorch before the process-wide count was set keeps its own until told.
    /// </summary>
    public static void UseThreadsOnThisThread(int threads)
    {
        if (get_num_threads() != threads) set_num_threads(threads);
    }

    /// <summary>libtorch intra-op threads for each of <paramref name="lanes"/> CPU lanes: the cores shared out.</summary>
    public static int ThreadsPerLane(int lanes) => Math.Max(1, Environment.ProcessorCount / Math.Max(1, lanes));

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
