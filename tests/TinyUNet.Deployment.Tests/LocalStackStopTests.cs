using System.Diagnostics;
using TinyUNet.Deployment.Tests.Support;

namespace TinyUNet.Deployment.Tests;

/// <summary>deploy/local-stack/stop.sh against a RabbitMQ whose rabbitmqctl hangs: the stop is bounded and the node ends.</summary>
public sealed class LocalStackStopTests : IDisposable
{
    private readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tinyunet-stop-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Stop_RabbitmqctlHangs_NodeKilledWithinTheTimeout()
    {
        // A stand-in node (a process that ignores SIGTERM, as a wedged one might) and a rabbitmqctl that never returns.
        string bin = Directory.CreateDirectory(Path.Combine(folder, "rabbit-bin")).FullName;
        string ctl = Path.Combine(bin, "rabbitmqctl");
        File.WriteAllText(ctl, "#!/usr/bin/env bash\nexec sleep 600\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(ctl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using Process node = Process.Start(new ProcessStartInfo("bash", ["-c", "trap '' TERM; while :; do sleep 1; done"]))!;
        string state = Directory.CreateDirectory(Path.Combine(folder, "stack", "rabbitmq")).FullName;
        File.WriteAllText(Path.Combine(state, "rabbitmq.pid"), node.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryFiles.PathOf("deploy", "local-stack", "stop.sh"));
        start.ArgumentList.Add("rabbitmq");
        start.Environment["STACK_DIR"] = Path.Combine(folder, "stack");
        start.Environment["RABBIT_BIN"] = bin;
        start.Environment["RABBITMQ_STOP_TIMEOUT"] = "2";
        var clock = Stopwatch.StartNew();
        using Process stop = Process.Start(start)!;
        try
        {
            await stop.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(node.WaitForExit(5000), "the node is still running after stop.sh");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"stop.sh took {clock.Elapsed.TotalSeconds:F0} s");
            Assert.False(File.Exists(Path.Combine(state, "rabbitmq.pid")));
        }
        finally
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
            if (!stop.HasExited) stop.Kill(entireProcessTree: true);
        }
    }
}
