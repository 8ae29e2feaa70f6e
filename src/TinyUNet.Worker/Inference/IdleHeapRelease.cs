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
/// 0.1–0.2 GB live in a soak), the finalizers of what it found (undisposed tensors free their native memory there),
/// then glibc's free heap (<see cref="CpuAllocatorTuning.ReleaseFreeHeap"/>, CPU workers only: the tuning keeps freed
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
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        // Right after a full compacting collection with no study holding a pipeline: what stays between studies, the
        // figure a leak grows (a soak judges the managed heap by it). A 6-minute soak logged 96 MiB and 28.5 MiB, near
        // a finished 512² or 256² study's HU and maps: whether something still holds that study here is not yet known.
        long live = GC.GetTotalMemory(forceFullCollection: false);
        CpuAllocatorTuning.ReleaseFreeHeap();
        Log.HeapReleased(logger, Math.Round(before / Mb), Math.Round((CpuAllocatorTuning.ResidentSetBytes() ?? 0) / Mb),
            Math.Round(live / Mb, 1), Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1));
    }
}
