using System.Diagnostics;
using Npgsql;
using TinyUNet.Deployment.Tests.Support;
using TinyUNet.Storage;
using YamlDotNet.RepresentationModel;

namespace TinyUNet.Deployment.Tests;

/// <summary>
/// The compose file's reader-role step, run as compose would run it (psql, its environment, `$$` unescaped) against a
/// real PostgreSQL with the real migrations: the API's login role can read the reports and cannot write.
/// </summary>
public sealed class ComposeReaderRoleEndToEndTests : IDisposable
{
    private const string ReaderUser = "tinyunet_api";
    private const string ReaderPassword = "it's a 'quoted' pass;word";
    private readonly LocalPostgres postgres = new();

    public void Dispose() => postgres.Dispose();

    [Fact]
    public async Task ReaderRoleStep_TwiceAfterMigrate_GivesALoginThatReadsReportsButCannotWrite()
    {
        await using (NpgsqlDataSource owner = NpgsqlDataSource.Create(postgres.ConnectionString))
            await new DatabaseMigrator(owner).MigrateAsync(CancellationToken.None);

        // Twice: `docker compose up` runs the step on every start.
        Assert.Equal(0, await RunReaderRoleStepAsync());
        Assert.Equal(0, await RunReaderRoleStepAsync());

        var reader = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Username = ReaderUser, Password = ReaderPassword };
        await using NpgsqlDataSource api = NpgsqlDataSource.Create(reader.ConnectionString);
        await using (NpgsqlCommand count = api.CreateCommand("SELECT count(*) FROM study_reports"))
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        await using NpgsqlCommand write = api.CreateCommand("INSERT INTO studies (study_instance_uid) VALUES ('1.2.3')");
        PostgresException denied = await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    private async Task<int> RunReaderRoleStepAsync()
    {
        YamlMappingNode compose = YamlNodes.LoadMapping(RepositoryFiles.Read("deploy", "compose", "compose.yaml"));
        string[] command = compose.Items("services", "reader-role", "command").Select(n => ((YamlScalarNode)n).Value!).ToArray();
        Assert.Equal(["sh", "-c"], command[..2]);
        var owner = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);

        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(command[1]);
        start.ArgumentList.Add(command[2].Replace("$$", "$", StringComparison.Ordinal)); // compose's own unescaping
        start.Environment["PGHOST"] = owner.Host;
        start.Environment["PGPORT"] = owner.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = owner.Username;
        start.Environment["PGPASSWORD"] = owner.Password;
        start.Environment["PGDATABASE"] = owner.Database;
        start.Environment["READER_USER"] = ReaderUser;
        start.Environment["READER_PASSWORD"] = ReaderPassword;
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        return process.ExitCode;
    }
}
