using System.Diagnostics;

namespace TinyUNet.TestSupport;

/// <summary>
/// RabbitMQ, PostgreSQL and Orthanc started by the project's own deploy/local-stack scripts, on free loopback ports
/// with state in a temp folder; <see cref="Dispose"/> stops them and deletes the state.
/// </summary>
public sealed class LocalStack : IDisposable
{
    private readonly Dictionary<string, string> environment;

    private LocalStack(string stateDirectory, Dictionary<string, string> environment, IReadOnlyDictionary<string, string> settings)
    {
        StateDirectory = stateDirectory;
        this.environment = environment;
        Settings = settings;
    }

    public string StateDirectory { get; }
    /// <summary>The worker's settings as start.sh printed them (section__key → value).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }
    public string DicomWebBaseUrl => Settings["Pacs__DicomWebBaseUrl"];
    public string ConnectionString => Settings["Database__ConnectionString"];

    public static LocalStack Start(string stateDirectory)
    {
        var environment = new Dictionary<string, string>
        {
            ["STACK_DIR"] = stateDirectory,
            ["RABBITMQ_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EPMD_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["POSTGRES_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ORTHANC_HTTP_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ORTHANC_DICOM_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        string output;
        try
        {
            output = RunScript("start.sh", environment, []);
        }
        catch
        {
            // Whatever did start must not outlive a failed start.
            RunScript("stop.sh", environment, ["--purge"]);
            throw;
        }
        var settings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim('\''));
        return new LocalStack(stateDirectory, environment, settings);
    }

    public void StopComponent(string component) => RunScript("stop.sh", environment, [component]);

    public void StartComponent(string component) => RunScript("start.sh", environment, [component]);

    public void Dispose() => RunScript("stop.sh", environment, ["--purge"]);

    private static string RunScript(string script, Dictionary<string, string> environment, string[] arguments)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(RepositoryRoot(), "deploy", "local-stack", script));
        foreach (string a in arguments) psi.ArgumentList.Add(a);
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        using Process process = Process.Start(psi)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 180 s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "deploy", "local-stack", "start.sh"))) return dir.FullName;
        throw new DirectoryNotFoundException("No deploy/local-stack above " + AppContext.BaseDirectory);
    }
}
