using Npgsql;

namespace TinyUNet.Storage;

/// <summary>
/// Per bridge and study, the fingerprint of the qualifying series the bridge last sent (table pacs_bridge_sent_studies),
/// so that a study declared stable again with the same series (a SEG stored into it) is not sent a second time.
/// </summary>
public sealed class BridgeSentStudyStore(NpgsqlDataSource dataSource)
{
    /// <summary>The fingerprint last recorded for the study, or null when this bridge has never sent it.</summary>
    public async Task<string?> GetFingerprintAsync(string bridgeName, string studyInstanceUid, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bridgeName);
        ArgumentException.ThrowIfNullOrWhiteSpace(studyInstanceUid);
        await using NpgsqlCommand command = dataSource.CreateCommand(
            "SELECT series_fingerprint FROM pacs_bridge_sent_studies WHERE bridge_name = $1 AND study_instance_uid = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = bridgeName });
        command.Parameters.Add(new NpgsqlParameter { Value = studyInstanceUid });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Records that the study was sent with these series (replacing what an earlier send recorded).</summary>
    public async Task RecordAsync(string bridgeName, string studyInstanceUid, string fingerprint, long changeSeq,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bridgeName);
        ArgumentException.ThrowIfNullOrWhiteSpace(studyInstanceUid);
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint);
        ArgumentOutOfRangeException.ThrowIfNegative(changeSeq);
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            INSERT INTO pacs_bridge_sent_studies (bridge_name, study_instance_uid, series_fingerprint, last_change_seq)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (bridge_name, study_instance_uid) DO UPDATE
            SET series_fingerprint = excluded.series_fingerprint, last_change_seq = excluded.last_change_seq, sent_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = bridgeName });
        command.Parameters.Add(new NpgsqlParameter { Value = studyInstanceUid });
        command.Parameters.Add(new NpgsqlParameter { Value = fingerprint });
        command.Parameters.Add(new NpgsqlParameter { Value = changeSeq });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
