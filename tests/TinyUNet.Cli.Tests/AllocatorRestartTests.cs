using System.Diagnostics;
using System.Text;
using System.Text.Json;
using TinyUNet.Model;

namespace TinyUNet.Cli.Tests;

/// <summary>
/// The command line as a real process: started without the allocator settings, it runs its verb with jemalloc (CI
/// installs Debian's libjemalloc2) and one glibc arena, unless the environment says otherwise.
/// </summary>
public sealed class AllocatorRestartTests
{
    [Theory]
    [InlineData(null, null, "1", "jemalloc")]
    [InlineData("2", null, "2", "jemalloc")] // an operator's own setting is kept
    [InlineData(null, "glibc", "1", "glibc")]
    public async Task Bench_StartedWithOrWithoutTheSettings_RunsOnTheAllocatorItWasGiven(
        string? arenaMax, string? choice, string expectedArenaMax, string expectedAllocator)
    {
        Assert.NotNull(JemallocAllocator.InstalledLibrary()); // scripts/prerequisites.sh installs libjemalloc2
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "tinyunet.dll"), "bench", "--size", "32", "--seconds", "0" })
            start.ArgumentList.Add(argument);
        foreach (string name in new[] { "MALLOC_ARENA_MAX", "LD_PRELOAD", "MALLOC_CONF", "TINYUNET_ALLOCATOR" }) start.Environment.Remove(name);
        if (arenaMax is not null) start.Environment["MALLOC_ARENA_MAX"] = arenaMax;
        if (choice is not null) start.Environment["TINYUNET_ALLOCATOR"] = choice;

        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task<string> error = process.StandardError.ReadToEndAsync(deadline.Token);
        string output = await process.StandardOutput.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);

        Assert.True(process.ExitCode == 0, await error);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(expectedArenaMax, json.RootElement.GetProperty("mallocArenaMax").GetString());
        Assert.Equal(expectedAllocator, json.RootElement.GetProperty("allocator").GetString());
        Assert.True(json.RootElement.GetProperty("slicesPerSecond").GetDouble() > 0);
    }

    [Fact]
    public void WithSettings_AnOperatorsPreload_IsExtendedAndTheirMallocConfKept()
    {
        byte[][]? changed = AllocatorRestart.WithSettings(
            Entries("PATH=/usr/bin", "LD_PRELOAD=/opt/trace.so", "MALLOC_CONF=narenas:2"), "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");

        Assert.NotNull(changed);
        Assert.Equal(
            ["PATH=/usr/bin", "MALLOC_CONF=narenas:2", "MALLOC_ARENA_MAX=1", "LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2:/opt/trace.so"],
            changed.Select(e => Encoding.UTF8.GetString(e)));
    }

    [Fact]
    public void WithSettings_AnEnvironmentThatHasThemAll_NeedsNoRestart()
    {
        Assert.Null(AllocatorRestart.WithSettings(
            Entries("MALLOC_ARENA_MAX=1", "LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"), "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"));
        // Without jemalloc installed, or refused, only the arena setting matters.
        Assert.Null(AllocatorRestart.WithSettings(Entries("MALLOC_ARENA_MAX=1"), jemallocPath: null));
        Assert.Null(AllocatorRestart.WithSettings(Entries("MALLOC_ARENA_MAX=1", "TINYUNET_ALLOCATOR=glibc"), "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"));
    }

    [Fact]
    public void WithSettings_ABareEnvironment_GetsJemallocNeverReturningPages()
    {
        byte[][]? changed = AllocatorRestart.WithSettings(Entries("HOME=/root"), "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");

        Assert.Equal(
            ["HOME=/root", "MALLOC_ARENA_MAX=1", "LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1"],
            changed!.Select(e => Encoding.UTF8.GetString(e)));
    }

    private static byte[][] Entries(params string[] entries) => [.. entries.Select(Encoding.UTF8.GetBytes)];
}
