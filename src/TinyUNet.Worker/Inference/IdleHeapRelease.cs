using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.Model;
using TinyUNet.Worker.Configuration;
using TinyUNet.Worker.Internal;

namespace TinyUNet.Worker.Inference;

/// <summary>
/// Gives memory back between studies, once no study is running and the worker's resident set is above
/// <see cref="DeviceOptions.ReleaseHeapAboveMb"/>: a compacting collection that decommits the managed heap's free
/// space (studies allocate their slices on the large-object heap, and the runtime kept about 1 GB committed for
/// 0.1–0.2 GB live in a soak), the finalizers of what it found (undisposed tensors free their native memory there)
/// and a second collection for what they held, then glibc's free heap (<see cref="CpuAllocatorTuning.ReleaseFreeHeap"/>, CPU workers only: the tuning keeps freed
/// memory for speed, and studies of mixed sizes fragment it, 1.2 → 1.9 GB over 14 studies). Past a limit rather than
/// after every study, because the next study faults its memory in again.
/// </summary>
public sealed class IdleHeapRelease(IOptions<DeviceOptions> options, ILogger<IdleHeapRelease> logger)
{
    private readonly DeviceOptions device = options.Value;

    private const double Mb = 1024 * 1024;

    /// <summary>Called when the last running study has given its pipeline back.</summary>
    public void OnIdle()
    {
        if (device.ReleaseHeapAboveMb < 0) return;
        if (CpuAllocatorTuning.ResidentSetBytes() is not { } before || before / Mb <= device.ReleaseHeapAboveMb) return;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        // Again, now that the finalizers have run: what only a finalizable object held (the study's tensors and the
        // arrays behind them) survived the first collection. A 6-minute soak's releases left 40-66 MiB live after
        // one collection (the study just finished) and 8 MiB after this second one.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        // With no study holding a pipeline: what stays between studies, the figure a leak grows (a soak judges the
        // managed heap by it).
        long live = GC.GetTotalMemory(forceFullCollection: false);
        CpuAllocatorTuning.ReleaseFreeHeap();
        // The anonymous part too: a leak grows it, while the file-backed rest (libtorch's code pages) only grows as
        // new code paths run, up to what the libraries hold.
        Log.HeapReleased(logger, Math.Round(before / Mb), Math.Round((CpuAllocatorTuning.ResidentSetBytes() ?? 0) / Mb),
            Math.Round((CpuAllocatorTuning.AnonymousResidentBytes() ?? 0) / Mb), Math.Round(live / Mb, 1), Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1));
    }
}
