using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// /health/runtime: the process's own memory and handle figures as JSON, for a soak or an operator watching for a leak
/// without dotnet-counters or an OTLP collector (the same runtime figures also go to OTLP where that is configured).
/// Process figures only, nothing about studies; open like the probes.
/// </summary>
public static class RuntimeStatsEndpointExtensions
{
    public const string Path = "/health/runtime";

    public static IEndpointRouteBuilder MapRuntimeStats(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Path, () =>
        {
            using Process self = Process.GetCurrentProcess();
            // The last GC's figures: the heap as that collection left it, steadier than the live allocation counter.
            GCMemoryInfo gc = GC.GetGCMemoryInfo(), fullGc = LastFullCollection();
            return Results.Json(new
            {
                managedHeapBytes = gc.HeapSizeBytes,
                managedHeapAfterGen2Bytes = fullGc.HeapSizeBytes,
                // What survived that collection: the live set, without the free space (LOH fragmentation) the heap keeps.
                managedLiveAfterGen2Bytes = fullGc.PromotedBytes,
                managedHeapFragmentedBytes = gc.FragmentedBytes,
                managedCommittedBytes = gc.TotalCommittedBytes,
                managedAllocatedNowBytes = GC.GetTotalMemory(forceFullCollection: false),
                gcCounts = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) },
                workingSetBytes = self.WorkingSet64,
                threads = self.Threads.Count,
                handles = self.HandleCount,
            });
        }).AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// The latest gen-2 collection, blocking or background: what it left is the live set, the figure a leak grows (a
    /// younger collection's figure swings with whatever large volume was just allocated). Any GC's before the first one.
    /// </summary>
    private static GCMemoryInfo LastFullCollection()
    {
        GCMemoryInfo blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking), background = GC.GetGCMemoryInfo(GCKind.Background);
        GCMemoryInfo latest = blocking.Index >= background.Index ? blocking : background;
        return latest.Index > 0 ? latest : GC.GetGCMemoryInfo();
    }
}
