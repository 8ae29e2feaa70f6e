using System.Diagnostics;
using System.Text.Json;

namespace TinyUNet.Cli.Tests;

/// <summary>The command line as a real process: started without MALLOC_ARENA_MAX, it runs its verb on one arena.</summary>
public sealed class MallocArenaRestartTests
{
    [Theory]
    [InlineData(null, "1")]
    [InlineData("2", "2")] // an operator's own setting is kept
    public async Task Bench_StartedWithOrWithoutTheSetting_RunsWithOneArenaUnlessTold(string? given, string expected)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "tinyunet.dll"), "bench", "--size", "32", "--seconds", "0" })
            start.ArgumentList.Add(argument);
        start.Environment.Remove("MALLOC_ARENA_MAX");
        if (given is not null) start.Environment["MALLOC_ARENA_MAX"] = given;

        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task<string> error = process.StandardError.ReadToEndAsync(deadline.Token);
        string output = await process.StandardOutput.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);

        Assert.True(process.ExitCode == 0, await error);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(expected, json.RootElement.GetProperty("mallocArenaMax").GetString());
        Assert.True(json.RootElement.GetProperty("slicesPerSecond").GetDouble() > 0);
    }
}
