using System.Diagnostics;
using System.Globalization;
using TinyUNet.TestSupport;

namespace TinyUNet.Deployment.Tests.Support;

/// <summary>
/// Only the PostgreSQL of deploy/local-stack (the compose checks need no broker or PACS), on a free port with state
/// in a temp folder; disposing stops it and deletes the state. Needs root (PostgreSQL runs through runuser).
/// </summary>
public sealed class LocalPostgres : IDisposable
{
    private readonly TempFolder state = new();
    private readonly Dictionary<string, string> environment;

    public LocalPostgres()
    {
        environment = new Dictionary<string, string>
        {
            ["STACK_DIR"] = state.Path,
            ["POSTGRES_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        };
        try
        {
            string settings = RunScript("start.sh", "postgres");
            ConnectionString = settings.Split('\n').Select(l => l.Split('=', 2))
                .Single(p => p[0] == "Database__ConnectionString")[1].Trim().Trim('\'');
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string ConnectionString { get; } = "";

    public void Dispose()
    {
        RunScript("stop.sh", "--purge");
        state.Dispose();
    }

    private string RunScript(string script, string argument)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryFiles.PathOf("deploy", "local-stack", script));
        start.ArgumentList.Add(argument);
        foreach ((string key, string value) in environment) start.Environment[key] = value;
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(script + " did not finish in 120 s.");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} {argument} failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }
}
