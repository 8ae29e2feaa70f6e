using Npgsql;
using TinyUNet.Storage;
using TinyUNet.TestSupport;

namespace TinyUNet.Reporting.Tests.Support;

/// <summary>
/// Once per test run (the <see cref="ReportStackCollection"/> classes share it): the local stack's PostgreSQL with the
/// schema migrated, a writer data source (the stack's owner, as the worker) and a reader one that logs in as a role
/// that is only a member of tinyunet_reader, as the report API is meant to.
/// </summary>
public sealed class ReportStackFixture : IAsyncLifetime
{
    public const string ReaderRole = "report_api_test";
    private readonly TempFolder temp = new();

    public LocalStack Stack { get; private set; } = null!;
    public NpgsqlDataSource Writer { get; private set; } = null!;
    public NpgsqlDataSource Reader { get; private set; } = null!;
    public string ReaderConnectionString { get; private set; } = "";
    public SegmentationRunStore Runs { get; private set; } = null!;
    /// <summary>Where montages may be served from (the API's Storage:OutputRoot).</summary>
    public string OutputRoot => temp.File("output");
    public string Scratch => temp.File("scratch");

    public async Task InitializeAsync()
    {
        try
        {
            Stack = LocalStack.Start(temp.File("stack"));
            Writer = NpgsqlDataSource.Create(Stack.ConnectionString);
            await new DatabaseMigrator(Writer).MigrateAsync(CancellationToken.None);
            string password = Guid.NewGuid().ToString("N");
            // A literal, not a parameter: CREATE ROLE takes none (the value is a GUID made here).
            await using (NpgsqlCommand role = Writer.CreateCommand(
                $"CREATE ROLE {ReaderRole} LOGIN PASSWORD '{password}' IN ROLE tinyunet_reader"))
                await role.ExecuteNonQueryAsync();
            ReaderConnectionString = new NpgsqlConnectionStringBuilder(Stack.ConnectionString)
            {
                Username = ReaderRole,
                Password = password,
            }.ConnectionString;
            Reader = NpgsqlDataSource.Create(ReaderConnectionString);
            Runs = new SegmentationRunStore(Writer);
            Directory.CreateDirectory(OutputRoot);
            Directory.CreateDirectory(Scratch);
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: stop what started here.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Reader is not null) await Reader.DisposeAsync();
        if (Writer is not null) await Writer.DisposeAsync();
        Stack?.Dispose();
        Stack = null!;
        temp.Dispose();
    }
}
