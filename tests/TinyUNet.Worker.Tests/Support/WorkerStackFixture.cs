using TinyUNet.TestSupport.Models;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MassTransit;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TinyUNet.Contracts;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.Storage;
using TinyUNet.TestSupport;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>
/// Once per test run (shared by the end-to-end classes of <see cref="WorkerStackCollection"/>, which run one after
/// another): the local stack (real RabbitMQ, PostgreSQL, Orthanc), the schema migrated, an all-lung model bundle, and
/// the worker host running in-process against them with short retry pauses; plus a listener bus. Tests may stop the
/// worker and start it again with other settings (<see cref="RestartWorkerAsync"/>); every host exports its telemetry
/// to the in-memory lists here.
/// </summary>
public sealed class WorkerStackFixture : IAsyncLifetime
{
    /// <summary>The worker's site secret for pseudonymous patient keys in these tests.</summary>
    public const string PatientKeySecret = "worker-tests-site-secret-0123456789abcdef";

    private readonly TempFolder temp = new();
    private IHost? host;
    private Dictionary<string, string?> settings = [];

    public LocalStack Stack { get; private set; } = null!;
    public EventListener Events { get; private set; } = null!;
    public ErrorQueue Errors { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;
    public HttpClient Pacs { get; private set; } = null!;
    public string SourceRoot => temp.File("sources");
    public string OutputRoot => temp.File("output");
    public string WorkRoot => temp.File("work");
    public string Scratch => temp.File("scratch");
    public LockedList<MetricSnapshot> Metrics { get; } = new();
    public LockedList<Activity> Activities { get; } = new();

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: stop what started here.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        Stack = LocalStack.Start(temp.File("stack"));
        Database = NpgsqlDataSource.Create(Stack.ConnectionString);
        await new DatabaseMigrator(Database).MigrateAsync(CancellationToken.None);
        Directory.CreateDirectory(SourceRoot);
        Directory.CreateDirectory(Scratch);

        settings = new Dictionary<string, string?>(Stack.Settings.Select(p =>
            new KeyValuePair<string, string?>(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
        {
            ["Model:BundlePath"] = AllLungModelBundle.Write(temp.File("model")),
            ["Device:Name"] = "cpu",
            // Off, so that the all-lung model's lung is the whole grid (the filter and the guard have their own tests).
            ["Postprocessing:OutsideAirBelowHu"] = "",
            ["Postprocessing:LungGuardAirBelowHu"] = "",
            ["Storage:OutputRoot"] = OutputRoot,
            ["Storage:WorkRoot"] = WorkRoot,
            ["Storage:SourceRoots:0"] = SourceRoot,
            ["Pseudonymisation:SiteSecret"] = PatientKeySecret,
            // Short pauses: a PACS outage of a few seconds must be ridden out within the test's patience.
            ["Retry:ImmediateRetries"] = "4",
            ["Retry:MinIntervalSeconds"] = "0.5",
            ["Retry:MaxIntervalSeconds"] = "2",
            ["Retry:Redeliveries"] = "2",
            ["Retry:RedeliveryIntervalSeconds"] = "3",
            // Expected retries and faults would flood the test log; failures show in assertions.
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:MassTransit"] = "None",
        };
        await StartWorkerAsync();

        Events = await EventListener.StartAsync(Stack.Settings, CancellationToken.None);
        Errors = new ErrorQueue(Stack.Settings);
        Pacs = new HttpClient { BaseAddress = new Uri(Stack.DicomWebBaseUrl.Replace("/dicom-web", "/", StringComparison.Ordinal)) };
        Pacs.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Stack.Settings["Pacs__Username"]}:{Stack.Settings["Pacs__Password"]}")));
    }

    public T Service<T>() where T : notnull => host!.Services.GetRequiredService<T>();

    /// <summary>Starts the worker host with the fixture's settings, <paramref name="overrides"/> on top (a null value removes a setting).</summary>
    public async Task StartWorkerAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        if (host is not null) throw new InvalidOperationException("The worker is already running.");
        var effective = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) effective[key] = value;
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(effective);
        builder.AddApplicationServices();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Activities));
        host = builder.Build();
        await host.StartAsync();
        // MassTransit starts the bus in the background (the worker does not wait for the broker, so that it can start
        // while the broker is down). A host stopped before its bus had connected left that start running: the bus of a
        // disposed host connected afterwards and took the next tests' studies. So a worker started here has its bus up.
        BusHealthStatus bus = await host.Services.GetRequiredService<IBusControl>()
            .WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        if (bus != BusHealthStatus.Healthy) throw new InvalidOperationException($"The worker's bus is {bus} 60 s after its host started.");
    }

    /// <summary>
    /// A synthetic series written under <see cref="Scratch"/>/<paramref name="name"/>, changed by <paramref name="alter"/>
    /// if given (a file made unreadable, a header edited), then stored in Orthanc.
    /// </summary>
    public async Task<SyntheticChestCtResult> UploadStudyAsync(string name, int seed, Action<SyntheticChestCtResult>? alter = null)
    {
        string folder = Path.Combine(Scratch, name);
        SyntheticChestCtResult ct = StudyUploads.Write(folder, seed);
        alter?.Invoke(ct);
        await StudyUploads.UploadFolderAsync(Pacs, folder);
        return ct;
    }

    /// <summary>A command for a study stored in the PACS, fetched from <paramref name="dicomWebBaseUrl"/> (Orthanc itself by default).</summary>
    public SegmentStudy FromPacs(SyntheticChestCtResult ct, string? dicomWebBaseUrl = null) => new()
    {
        CorrelationId = Guid.NewGuid(),
        StudyInstanceUid = ct.Series.StudyInstanceUid,
        Source = StudySource.DicomWeb(dicomWebBaseUrl ?? Stack.DicomWebBaseUrl),
    };

    /// <summary>A command for a study in <paramref name="folder"/> under the worker's source root, read from there.</summary>
    public static SegmentStudy FromFolder(string folder, SyntheticChestCtResult ct) => new()
    {
        CorrelationId = Guid.NewGuid(),
        StudyInstanceUid = ct.Series.StudyInstanceUid,
        Source = StudySource.Folder(folder),
    };

    /// <summary>A synthetic series written to <see cref="SourceRoot"/>/<paramref name="folder"/>, and a command for it.</summary>
    public SegmentStudy WriteFolderStudy(string folder, int seed) =>
        FromFolder(folder, StudyUploads.Write(Path.Combine(SourceRoot, folder), seed));

    /// <summary>
    /// The built worker (src/TinyUNet.Worker) as a separate process with the fixture's settings and
    /// <paramref name="overrides"/>, for what only a real process can show (SIGKILL). Stop the in-process one first:
    /// both would consume the queue.
    /// </summary>
    public Process StartWorkerProcess(IReadOnlyDictionary<string, string?> overrides)
    {
        string dll = Path.Combine(LocalStack.RepositoryRoot(), "src", "TinyUNet.Worker", "bin", "Release", "net10.0", "linux-x64", "TinyUNet.Worker.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        var effective = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in overrides) effective[key] = value;
        foreach (var (key, value) in effective)
            if (value is not null) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["Urls"] = $"http://127.0.0.1:{FreePort.Next()}";
        start.Environment["MALLOC_ARENA_MAX"] = "1";
        Process process = Process.Start(start) ?? throw new InvalidOperationException("The worker process did not start.");
        // Drained so a chatty worker never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Stops the worker host (as a pod's SIGTERM would): when the stop was asked for, and the activities exported by the
    /// time the host's stop returned (an attempt among them ended within the stop, not cut short by its timeout).
    /// </summary>
    public async Task<WorkerStopped> StopWorkerAsync()
    {
        DateTime requested = DateTime.UtcNow;
        if (host is null) return new WorkerStopped(requested, []);
        Activity[] exported;
        try
        {
            await host.StopAsync();
        }
        finally
        {
            exported = Activities.Snapshot();
            try
            {
                await FinishStoppingBusAsync(host);
            }
            finally
            {
                host.Dispose();
                host = null;
            }
        }
        return new WorkerStopped(requested, exported);
    }

    /// <summary>
    /// A host stop cut short by its shutdown timeout may leave MassTransit's bus running: a real worker process exits and
    /// the broker drops its connection, but an in-process host lingers and would take the next tests' messages with a
    /// disposed container. So finish stopping the bus, then wait until the broker itself says nobody consumes the queue.
    /// </summary>
    private async Task FinishStoppingBusAsync(IHost stopped)
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            await stopped.Services.GetRequiredService<IBusControl>().StopAsync(timeout.Token);
        await Poll.UntilAsync(async () => (await Broker.QueueAsync(Stack.Settings, SegmentStudyConsumerDefinition.QueueName)).Consumers == 0,
            TimeSpan.FromSeconds(30), "the stopped worker no longer consumes the queue");
    }

    /// <summary>The worker as the other tests expect it: stopped if running, started with the fixture's settings.</summary>
    public async Task RestartWorkerAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        await StopWorkerAsync();
        await StartWorkerAsync(overrides);
    }

    /// <summary>Pushes the running host's metrics into <see cref="Metrics"/> now rather than at the next export interval.</summary>
    public void FlushMetrics() => Assert.True(Service<MeterProvider>().ForceFlush(10_000), "metrics were not flushed");

    public async Task DisposeAsync()
    {
        if (Events is not null) await Events.DisposeAsync();
        Events = null!;
        await StopWorkerAsync();
        Database?.Dispose();
        Pacs?.Dispose();
        Stack?.Dispose();
        Stack = null!;
        temp.Dispose();
    }
}
