using System.Runtime.InteropServices;

namespace TinyUNet.Model;

/// <summary>
/// Makes glibc serve libtorch's CPU tensors from its heap and keep freed memory there. libtorch allocates every
/// activation anew (8–50 MB each at 256²–512²); with glibc's defaults anything over the mmap threshold (32 MB at
/// most) is mmap'd and munmap'd each time, so every forward pass pays a page fault and page zeroing per 4 KB —
/// expensive under virtualisation. Measured here (TinyU-Net, 1 thread, CPU time per slice): 256² batch 1
/// 700 → 290 ms, batch 4 1180 → 300 ms, 512² 4750 → 1300 ms. The price: the process keeps its peak heap
/// (≈1.3 GB at 512²) instead of returning it between batches, which a long-running worker reaches anyway.
/// One arena: glibc gives other threads their own arenas, mmap'd heaps that grow and shrink regardless of the settings
/// above, so the same forward pass on a thread-pool thread (the pipeline's Task.Run, the worker) cost 2× the main
/// thread's (measured: 24 slices at 256², 7.4 s vs 3.7 s; 3.9 s with one arena). A thread that already has its own
/// arena keeps it, so only MALLOC_ARENA_MAX=1 in the environment (the image, the demo) gets all of it; calling this
/// first thing in Main gets part.
/// Process-wide, Linux/glibc only, a no-op elsewhere; call once at start-up before large allocations. Whether to call it
/// is the host's decision (the worker and the command line: only where a CPU device runs the model), never a library's:
/// on a GPU worker the only effect would be a heap that never shrinks.
/// </summary>
public static class CpuAllocatorTuning
{
    private const int MallocTrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MallocMmapMax = -4;       // M_MMAP_MAX: 0 = never serve malloc with mmap
    private const int MallocArenaMax = -8;      // M_ARENA_MAX: 1 = every thread allocates from the main heap

    private static int applied;

    /// <summary>The environment variable that puts every thread on one arena (only it can; see above).</summary>
    public const string ArenaMaxVariable = "MALLOC_ARENA_MAX";

    /// <summary>Its value in this process's environment (null when unset), as the benchmarks report it.</summary>
    public static string? ArenaMaxFromEnvironment => Environment.GetEnvironmentVariable(ArenaMaxVariable);

    /// <summary>True when the tuning is in effect (now or from an earlier call).</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Volatile.Read(ref applied) == 1) return true;
        try
        {
            bool ok = mallopt(MallocMmapMax, 0) == 1 && mallopt(MallocTrimThreshold, int.MaxValue) == 1
                && mallopt(MallocArenaMax, 1) == 1;
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
