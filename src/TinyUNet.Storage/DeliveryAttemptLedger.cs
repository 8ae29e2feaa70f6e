using Npgsql;

namespace TinyUNet.Storage;

/// <summary>
/// Counts, per message, the deliveries whose processing began and never finished (table delivery_attempts): a row is
/// written before a study starts and removed when it ends in any way the worker lives through. What is left after a
/// worker died is the evidence the crash-loop guard reads.
/// </summary>
public sealed class DeliveryAttemptLedger(NpgsqlDataSource dataSource)
{
    /// <summary>Records one more start of <paramref name="messageId"/>; returns how many starts are now unfinished, this one included.</summary>
    public async Task<int> StartAsync(Guid messageId, string studyInstanceUid, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            INSERT INTO delivery_attempts (message_id, study_instance_uid, unfinished) VALUES ($1, $2, 1)
            ON CONFLICT (message_id) DO UPDATE SET unfinished = delivery_attempts.unfinished + 1, last_started_at = now()
            RETURNING unfinished
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = messageId });
        command.Parameters.Add(new NpgsqlParameter { Value = studyInstanceUid });
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The message's processing ended (done, refused, given up or handed back at shutdown): forget it.</summary>
    public async Task FinishAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("DELETE FROM delivery_attempts WHERE message_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = messageId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
