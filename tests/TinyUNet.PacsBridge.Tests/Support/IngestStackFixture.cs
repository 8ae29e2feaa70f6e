using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using TinyUNet.Storage;
using TinyUNet.TestSupport;

namespace TinyUNet.PacsBridge.Tests.Support;

/// <summary>
/// Once per run: the local stack (real RabbitMQ, PostgreSQL, Orthanc), the schema migrated, the CLI's environment
/// (RabbitMq__*, Database__ConnectionString) pointing at it, an Orthanc REST client and a raw reader of the queue.
/// </summary>
public sealed class IngestStackFixture : IAsyncLifetime
{
    private static readonly string[] EnvironmentKeys =
        ["RabbitMq__Host", "RabbitMq__Port", "RabbitMq__Username", "RabbitMq__Password", "Database__ConnectionString"];

    public TempFolder Temp { get; } = new();
    public LocalStack Stack { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;
    public HttpClient Orthanc { get; private set; } = null!;
    public QueueReader Queue { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            Stack = LocalStack.Start(Temp.File("stack"));
            Database = NpgsqlDataSource.Create(Stack.ConnectionString);
            await new DatabaseMigrator(Database).MigrateAsync(CancellationToken.None);
            foreach (string key in EnvironmentKeys) Environment.SetEnvironmentVariable(key, Stack.Settings[key]);
            Orthanc = new HttpClient { BaseAddress = new Uri(Stack.DicomWebBaseUrl.Replace("/dicom-web", "/", StringComparison.Ordinal)) };
            Orthanc.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Stack.Settings["Pacs__Username"]}:{Stack.Settings["Pacs__Password"]}")));
            Queue = await QueueReader.OpenAsync(Stack.Settings);
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: stop what started here.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>The stack's settings in .NET configuration form (section:key), for hosts built in-process.</summary>
    public Dictionary<string, string?> Configuration() =>
        Stack.Settings.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value);

    public async Task DisposeAsync()
    {
        foreach (string key in EnvironmentKeys) Environment.SetEnvironmentVariable(key, null);
        if (Queue is not null) await Queue.DisposeAsync();
        Orthanc?.Dispose();
        Database?.Dispose();
        Stack?.Dispose();
        Temp.Dispose();
    }
}
