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
/// A heap that is never trimmed also fragments: studies of mixed sizes left freed holes that later allocations did not
/// fit, and a worker's resident set climbed from 1.2 to 1.9 GB over 14 studies of 60 slices (256² and 512² in turn).
/// <see cref="ReleaseFreeHeap"/> hands the free pages back (malloc_trim); a long-running host calls it between
/// studies, not between forward passes, where the page faults it causes would cost again what the tuning saves.
/// Where jemalloc is preloaded (<see cref="JemallocAllocator"/>, the default where installed) glibc's malloc serves
/// nothing: these settings are then inert and the release purges jemalloc's arenas instead.
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

    /// <summary>
    /// Returns the free pages of glibc's heap to the system (malloc_trim(0): the top and every free page in the middle;
    /// jemalloc's arenas purged where it is preloaded), when the tuning is in effect; false (nothing done) where it is not. Thread-safe; the next allocations fault their
    /// pages in again (measured here: 60-slice studies took 5.2 s instead of 4.3 s on average when every one followed a
    /// trim), so a host trims when the heap has grown past what it should keep, not after every study.
    /// </summary>
    public static bool ReleaseFreeHeap()
    {
        if (Volatile.Read(ref applied) == 0) return false;
        if (JemallocAllocator.IsActive) return JemallocAllocator.Purge();
        malloc_trim(0);
        return true;
    }

    /// <summary>This process's resident set in bytes (/proc/self/statm); null where there is no /proc.</summary>
    public static long? ResidentSetBytes() => Statm() is { } pages ? pages.Resident : null;

    /// <summary>
    /// The anonymous part of the resident set in bytes (resident less the file-backed and shared pages): the heaps,
    /// where a leak grows. The rest is mostly the pages of libtorch's 0.5 GB of code that the kernel has read in as
    /// new paths ran; clean, shared with other processes, and dropped by the kernel when memory is short.
    /// </summary>
    public static long? AnonymousResidentBytes() => Statm() is { } pages ? pages.Resident - pages.Shared : null;

    private static (long Resident, long Shared)? Statm()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/self/statm").Split(' ');
            long Bytes(int i) => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
            return (Bytes(1), Bytes(2));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
