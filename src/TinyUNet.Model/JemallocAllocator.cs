using System.Runtime.InteropServices;

namespace TinyUNet.Model;

/// <summary>
/// jemalloc in place of glibc's malloc, preloaded by <see cref="AllocatorRestart"/> where Debian's libjemalloc2 is
/// installed. Two inference lanes allocating libtorch's activations (1–16 MB each) from glibc's one arena fragment it:
/// heaptrack counted 0.2 GB of live tensors at most in a 256² benchmark and a 300-slice study, while the heap that
/// glibc kept (never trimmed, see <see cref="CpuAllocatorTuning"/>) grew to 0.75 GB. jemalloc keeps each size in its
/// own runs; told never to return freed pages (decay −1: the page faults <see cref="CpuAllocatorTuning"/> avoids for
/// glibc) it held 0.37 GB. Measured in turn on this 2-core machine: <c>bench</c> 33.5–34.4 slices/s against 29.8–30.7
/// at 446–466 MiB against 994–1,060 MiB peak; a 300-slice 512² <c>segment</c> 11.9–12.9 s against 12.9 s at 0.93
/// against 1.25 GB.
/// </summary>
public static class JemallocAllocator
{
    public const string PreloadVariable = "LD_PRELOAD";
    public const string ConfigurationVariable = "MALLOC_CONF";
    /// <summary>"glibc" keeps glibc's malloc (for comparison, or where jemalloc misbehaves); anything else lets it in.</summary>
    public const string ChoiceVariable = "TINYUNET_ALLOCATOR";
    /// <summary>Freed pages stay with the process until <see cref="Purge"/> (a host's between-studies release).</summary>
    public const string Configuration = "dirty_decay_ms:-1,muzzy_decay_ms:-1";

    private static readonly Lazy<bool> Loaded = new(() =>
    {
        try { return File.ReadLines("/proc/self/maps").Any(line => line.Contains("libjemalloc", StringComparison.Ordinal)); }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    });

    /// <summary>True when this process allocates with jemalloc (it is mapped in: preloaded).</summary>
    public static bool IsActive => Loaded.Value;

    /// <summary>"jemalloc" or "glibc": what benchmarks and the worker's start-up log report.</summary>
    public static string ActiveName => IsActive ? "jemalloc" : "glibc";

    /// <summary>Debian's libjemalloc2 for this process's architecture, when installed; null otherwise.</summary>
    public static string? InstalledLibrary()
    {
        string? triplet = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm64 => "aarch64-linux-gnu",
            _ => null,
        };
        string? path = triplet is null ? null : $"/usr/lib/{triplet}/libjemalloc.so.2";
        return path is not null && File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Hands every arena's unused pages back to the system (mallctl "arena.&lt;all&gt;.purge"); false where jemalloc is
    /// not active. The next allocations fault their pages in again, so hosts do this between studies, not passes.
    /// </summary>
    public static unsafe bool Purge()
    {
        // The preloaded copy's symbol, from the global scope (whichever path the operator preloaded).
        if (!IsActive || !NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "mallctl", out nint mallctl)) return false;
        // MALLCTL_ARENAS_ALL = 4096: every arena.
        fixed (byte* name = "arena.4096.purge\0"u8)
            return ((delegate* unmanaged<byte*, void*, nuint*, void*, nuint, int>)mallctl)(name, null, null, null, 0) == 0;
    }
}
