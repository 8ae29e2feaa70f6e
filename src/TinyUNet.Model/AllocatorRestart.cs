using System.Runtime.InteropServices;
using System.Text;

namespace TinyUNet.Model;

/// <summary>
/// Gives the process the allocator settings CPU inference needs, by executing itself again with them in the
/// environment when it lacks them (only the environment reaches every thread and the loader; the hosts call this first
/// thing in Main):
/// <list type="bullet">
/// <item>jemalloc preloaded (Debian's libjemalloc2, where installed) and told never to return freed pages
/// (<see cref="JemallocAllocator"/>): two inference lanes in glibc's one arena left it holding 0.75 GB for 0.2 GB of
/// live tensors;</item>
/// <item>MALLOC_ARENA_MAX=1, for glibc where jemalloc is absent or refused: by Main the runtime's threads hold arenas
/// of their own, and a thread started later (each inference lane) may be handed one of them, whose heaps glibc unmaps
/// whenever they empty. Measured on a 300-slice 512² study with two lanes: 1.9 million page faults and 15 s of kernel
/// time without it, 0.35 million with it; the study took 31–34 s without it, 24 s with it.</item>
/// </list>
/// Settings the environment already has are kept as they are (an operator's LD_PRELOAD is extended, not replaced);
/// <c>TINYUNET_ALLOCATOR=glibc</c> keeps glibc. Linux only; where the restart cannot happen the process runs as it is.
/// </summary>
public static class AllocatorRestart
{
    /// <summary>Replaces this process with the same command and the missing settings; returns only if it did not.</summary>
    public static void IfNeeded()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            // The exact bytes the process was started with, not strings decoded and encoded again.
            byte[][] arguments = Split(File.ReadAllBytes("/proc/self/cmdline"));
            byte[][] environment = Split(File.ReadAllBytes("/proc/self/environ"));
            if (arguments.Length == 0 || WithSettings(environment, JemallocAllocator.InstalledLibrary()) is not { } changed) return;
            Execute("/proc/self/exe", arguments, changed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            // Not restarted: the command runs as it is, only slower or larger on the CPU.
        }
    }

    /// <summary>
    /// <paramref name="environment"/> ("NAME=value" entries) with the allocator settings it lacks added; null when it
    /// lacks none. <paramref name="jemallocPath"/>: the library to preload (null: none installed).
    /// </summary>
    public static byte[][]? WithSettings(byte[][] environment, string? jemallocPath)
    {
        var entries = environment.ToList();
        bool changed = false;
        string? Get(string name) => entries.FirstOrDefault(e => StartsWith(e, name)) is { } entry
            ? Encoding.UTF8.GetString(entry, name.Length + 1, entry.Length - name.Length - 1)
            : null;
        void Set(string name, string value)
        {
            entries.RemoveAll(e => StartsWith(e, name));
            entries.Add(Encoding.UTF8.GetBytes($"{name}={value}"));
            changed = true;
        }

        if (Get(CpuAllocatorTuning.ArenaMaxVariable) is null) Set(CpuAllocatorTuning.ArenaMaxVariable, "1");
        string? preload = Get(JemallocAllocator.PreloadVariable);
        bool wanted = !string.Equals(Get(JemallocAllocator.ChoiceVariable), "glibc", StringComparison.OrdinalIgnoreCase);
        if (wanted && jemallocPath is not null && preload?.Contains("jemalloc", StringComparison.Ordinal) != true)
        {
            Set(JemallocAllocator.PreloadVariable, string.IsNullOrEmpty(preload) ? jemallocPath : $"{jemallocPath}:{preload}");
            if (Get(JemallocAllocator.ConfigurationVariable) is null)
                Set(JemallocAllocator.ConfigurationVariable, JemallocAllocator.Configuration);
        }
        return changed ? [.. entries] : null;
    }

    private static bool StartsWith(byte[] entry, string name) =>
        entry.Length > name.Length && entry[name.Length] == (byte)'=' && Encoding.ASCII.GetString(entry, 0, name.Length) == name;

    private static byte[][] Split(byte[] nulTerminated)
    {
        var parts = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < nulTerminated.Length; i++)
            if (nulTerminated[i] == 0)
            {
                parts.Add(nulTerminated[start..i]);
                start = i + 1;
            }
        if (start < nulTerminated.Length) parts.Add(nulTerminated[start..]);
        return [.. parts];
    }

    private static void Execute(string path, byte[][] arguments, byte[][] environment)
    {
        IntPtr[] argv = NulTerminated(arguments), envp = NulTerminated(environment);
        try
        {
            _ = execve(path, argv, envp); // returns only on failure
        }
        finally
        {
            foreach (IntPtr p in argv.Concat(envp)) Marshal.FreeHGlobal(p);
        }
    }

    private static IntPtr[] NulTerminated(byte[][] strings)
    {
        var pointers = new IntPtr[strings.Length + 1];
        for (int i = 0; i < strings.Length; i++)
        {
            pointers[i] = Marshal.AllocHGlobal(strings[i].Length + 1);
            Marshal.Copy(strings[i], 0, pointers[i], strings[i].Length);
            Marshal.WriteByte(pointers[i], strings[i].Length, 0);
        }
        return pointers; // the last stays zero: the arrays' terminator
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int execve([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr[] argv, IntPtr[] envp);
}
