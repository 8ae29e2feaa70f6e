using Npgsql;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// The database of the database verbs (migrate, report, reprocess): the connection string from the environment under
/// the worker's name, never from a committed file or a command-line argument (it holds the password).
/// </summary>
public static class CliDatabase
{
    public const string ConnectionVariable = "Database__ConnectionString";

    /// <summary>A data source for the connection string in <see cref="ConnectionVariable"/>; the caller disposes it.</summary>
    public static NpgsqlDataSource Open() => NpgsqlDataSource.Create(
        Environment.GetEnvironmentVariable(ConnectionVariable) ?? throw new InvalidOperationException($"Set {ConnectionVariable}."));
}
