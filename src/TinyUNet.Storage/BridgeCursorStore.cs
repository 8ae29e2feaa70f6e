using Npgsql;

namespace TinyUNet.Storage;

/// <summary>
/// The PACS bridge's cursor in Orthanc's change feed (table pacs_bridge_cursor, one row per bridge name). It only moves
/// forward: an older value written late (a second bridge instance, a retried write) cannot move it back.
/// </summary>
public sealed class BridgeCursorStore(NpgsqlDataSource dataSource)
{
    /// <summary>The last change seq handled, or null when this bridge has never stored one.</summary>
    public async Task<long?> GetAsync(string bridgeName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bridgeName);
        await using NpgsqlCommand command = dataSource.CreateCommand(
            "SELECT last_change_seq FROM pacs_bridge_cursor WHERE bridge_name = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = bridgeName });
        return await command.ExecuteScalarAsync(cancellationToken) is long seq ? seq : null;
    }

    /// <summary>Moves the cursor to <paramref name="changeSeq"/> unless it is already there or further.</summary>
    public async Task AdvanceAsync(string bridgeName, long changeSeq, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bridgeName);
        ArgumentOutOfRangeException.ThrowIfNegative(changeSeq);
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            INSERT INTO pacs_bridge_cursor (bridge_name, last_change_seq) VALUES ($1, $2)
            ON CONFLICT (bridge_name) DO UPDATE SET last_change_seq = excluded.last_change_seq, updated_at = now()
            WHERE pacs_bridge_cursor.last_change_seq < excluded.last_change_seq
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = bridgeName });
        command.Parameters.Add(new NpgsqlParameter { Value = changeSeq });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
