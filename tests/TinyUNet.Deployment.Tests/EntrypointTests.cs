using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TinyUNet.Deployment.Tests.Support;

namespace TinyUNet.Deployment.Tests;

/// <summary>The image's entrypoint script, run with bash against a stand-in `dotnet` that records its arguments.</summary>
public sealed class EntrypointTests : IDisposable
{
    private readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tinyunet-entrypoint-" + Guid.NewGuid().ToString("N"))).FullName;

    public EntrypointTests()
    {
        string fakeDotnet = Path.Combine(folder, "bin", "dotnet");
        Directory.CreateDirectory(Path.GetDirectoryName(fakeDotnet)!);
        File.WriteAllText(fakeDotnet, "#!/usr/bin/env bash\necho \"$*\" >> \"$DOTNET_CALLS\"\nexit \"${DOTNET_EXIT:-0}\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fakeDotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string Calls => Path.Combine(folder, "calls");

    private string RoleFile => Path.Combine(folder, "role");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<int> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryFiles.PathOf("deploy", "docker", "entrypoint.sh"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["PATH"] = Path.Combine(folder, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["TINYUNET_APP_ROOT"] = "/opt/app-under-test";
        start.Environment["TINYUNET_ROLE_FILE"] = RoleFile;
        start.Environment["DOTNET_CALLS"] = Calls;
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using Process process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    [Theory]
    [InlineData("worker", "/opt/app-under-test/worker/TinyUNet.Worker.dll --flag", "worker")]
    [InlineData("bridge", "/opt/app-under-test/bridge/TinyUNet.PacsBridge.dll --flag", "bridge")]
    [InlineData("api", "/opt/app-under-test/api/TinyUNet.ReportApi.dll --flag", "api")]
    [InlineData("migrate", "/opt/app-under-test/cli/tinyunet.dll migrate --flag", null)]
    [InlineData("reprocess", "/opt/app-under-test/cli/tinyunet.dll reprocess --flag", null)]
    public async Task FirstArgument_PicksTheProcess_AndLongRunningOnesRecordTheirRole(string first, string expectedCall, string? expectedRole)
    {
        int exit = await RunAsync(null, first, "--flag");

        Assert.Equal(0, exit);
        Assert.Equal(expectedCall, File.ReadAllText(Calls).Trim());
        Assert.Equal(expectedRole, File.Exists(RoleFile) ? File.ReadAllText(RoleFile).Trim() : null);
    }

    [Theory]
    [InlineData("worker", HttpStatusCode.OK, true)]
    [InlineData("worker", HttpStatusCode.ServiceUnavailable, false)]
    [InlineData("bridge", HttpStatusCode.OK, true)]
    public async Task Healthcheck_InWorkerOrBridge_AsksTheLivenessEndpointOfItsUrls(string role, HttpStatusCode status, bool healthy)
    {
        File.WriteAllText(RoleFile, role + "\n");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<string> served = ServeOnceAsync(listener, status);

        int exit = await RunAsync(new Dictionary<string, string> { ["Urls"] = $"http://*:{port};http://*:9999" }, "healthcheck");

        Assert.StartsWith("GET /health/live HTTP/1.0", await served);
        Assert.Equal(healthy, exit == 0);
        Assert.False(File.Exists(Calls)); // no dotnet process: the probe is one HTTP request
    }

    [Fact]
    public async Task Healthcheck_InWorkerNothingListening_Unhealthy()
    {
        File.WriteAllText(RoleFile, "worker\n");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        Assert.NotEqual(0, await RunAsync(new Dictionary<string, string> { ["Urls"] = $"http://127.0.0.1:{port}" }, "healthcheck"));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false)]
    public async Task Healthcheck_InApi_AsksTheLivenessEndpoint(HttpStatusCode status, bool healthy)
    {
        File.WriteAllText(RoleFile, "api\n");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<string> served = ServeOnceAsync(listener, status);

        int exit = await RunAsync(new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = port + ",9999" }, "healthcheck");

        Assert.StartsWith("GET /health/live HTTP/1.0", await served);
        Assert.Equal(healthy, exit == 0);
        Assert.False(File.Exists(Calls)); // no dotnet process for the API's check
    }

    private static async Task<string> ServeOnceAsync(TcpListener listener, HttpStatusCode status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using TcpClient client = await listener.AcceptTcpClientAsync(timeout.Token);
        using NetworkStream stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        string requestLine = await reader.ReadLineAsync(timeout.Token) ?? "";
        while (!string.IsNullOrEmpty(await reader.ReadLineAsync(timeout.Token))) { }
        byte[] response = Encoding.ASCII.GetBytes($"HTTP/1.1 {(int)status} {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(response, timeout.Token);
        return requestLine;
    }
}
