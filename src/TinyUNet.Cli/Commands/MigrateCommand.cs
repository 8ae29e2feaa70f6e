using System.CommandLine;
using Npgsql;
using TinyUNet.Storage;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// `migrate`: applies the pending numbered SQL migrations to the worker's PostgreSQL database. The connection string
/// comes from the environment (Database__ConnectionString, as for the worker), never from a committed file.
/// </summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var check = new Option<bool>("--check") { Description = "Only list pending migrations; exit 1 when there are any." };
        var command = new Command("migrate", $"Apply pending database migrations (connection string from ${CliDatabase.ConnectionVariable}).") { check };
        command.SetAction(parse => CommandAction.Guard(() =>
        {
            using NpgsqlDataSource dataSource = CliDatabase.Open();
            var migrator = new DatabaseMigrator(dataSource);
            if (parse.GetValue(check))
            {
                IReadOnlyList<string> pending = migrator.PendingAsync(CancellationToken.None).GetAwaiter().GetResult();
                CliJson.Write(new { pending });
                return pending.Count == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
            }
            IReadOnlyList<string> applied = migrator.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
            CliJson.Write(new { applied });
            return ExitCodes.Success;
        }));
        return command;
    }
}
