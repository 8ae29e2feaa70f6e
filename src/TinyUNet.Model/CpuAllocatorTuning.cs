using System.Runtime.InteropServices;

namespace TinyUNet.Model;

/// <summary>
/// Keeps freed CPU tensor memory in glibc's heap instead of returning it to the kernel. libtorch allocates every
/// activation anew (tens of MB per layer at 256²–512²); with glibc's defaults the large ones are mmap'd and
/// munmap'd each time, so every forward pass pays page faults and page zeroing for all of them (measured: a third of
/// CPU inference time was system time). Raising the mmap threshold to its 32 MB maximum and disabling trimming lets
/// those blocks be reused. Process-wide and Linux/glibc only; a no-op elsewhere. Call once at start-up.
/// </summary>
public static class CpuAllocatorTuning
{
    private const int MallocTrimThreshold = -1;   // M_TRIM_THRESHOLD
    private const int MallocMmapThreshold = -3;   // M_MMAP_THRESHOLD
    private const int MaximumMmapThreshold = 32 * 1024 * 1024; // glibc's cap on 64-bit (HEAP_MAX_SIZE / 2)

    private static int applied;

    /// <summary>True when the tuning is in effect (now or from an earlier call).</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Volatile.Read(ref applied) == 1) return true;
        try
        {
            bool ok = mallopt(MallocMmapThreshold, MaximumMmapThreshold) == 1
                      && mallopt(MallocTrimThreshold, int.MaxValue) == 1;
            if (ok) Volatile.Write(ref applied, 1);
            return ok;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (e.g. musl): nothing to tune
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
