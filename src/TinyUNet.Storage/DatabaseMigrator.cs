using Npgsql;
using TinyUNet.Storage.Internal;

namespace TinyUNet.Storage;

/// <summary>
/// Applies the embedded numbered SQL scripts that the journal table does not list yet, each in its own transaction
/// together with its journal row, under an advisory lock so two migrators never interleave. Run explicitly (the
/// `migrate` verb, a deployment job); the worker only checks that nothing is pending.
/// </summary>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource)
{
    public const string JournalTable = "schema_migrations";
    // Any constant shared by every migrator of this schema.
    private const long AdvisoryLockKey = 0x54696E79554E6574;

    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken);
        HashSet<int> applied = await AppliedVersionsAsync(connection, null, cancellationToken);
        return EmbeddedMigrations.Load().Where(s => !applied.Contains(s.Version)).Select(s => s.Name).ToList();
    }

    /// <summary>Applies what is pending and returns the names of the scripts it applied (empty when up to date).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, $"""
                CREATE TABLE IF NOT EXISTS {JournalTable} (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            var appliedNow = new List<string>();
            foreach (MigrationScript script in EmbeddedMigrations.Load())
            {
                await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
                if ((await AppliedVersionsAsync(connection, transaction, cancellationToken)).Contains(script.Version)) continue;
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                await using (var journal = new NpgsqlCommand($"INSERT INTO {JournalTable} (version, name) VALUES ($1, $2)", connection, transaction))
                {
                    journal.Parameters.Add(new NpgsqlParameter { Value = script.Version });
                    journal.Parameters.Add(new NpgsqlParameter { Value = script.Name });
                    await journal.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                appliedNow.Add(script.Name);
            }
            return appliedNow;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction);
        exists.Parameters.Add(new NpgsqlParameter { Value = JournalTable });
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return [];
        await using var command = new NpgsqlCommand($"SELECT version FROM {JournalTable}", connection, transaction);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken)) versions.Add(reader.GetInt32(0));
        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
