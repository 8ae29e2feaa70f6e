using Npgsql;
using NpgsqlTypes;

namespace TinyUNet.Storage;

/// <summary>The studies <see cref="ReprocessCriteria"/> selects, each with the run (and so the source) it was picked by.</summary>
public sealed class ReprocessSelection(NpgsqlDataSource dataSource)
{
    // The latest successful run per study: same ordering as the study_reports view, but with the run's source.
    private const string LatestSucceeded = """
        SELECT DISTINCT ON (r.study_instance_uid) r.*
        FROM runs r
        WHERE r.status = 'succeeded'
        ORDER BY r.study_instance_uid, r.finished_at DESC, r.run_id
        """;

    public async Task<IReadOnlyList<ReprocessCandidate>> SelectAsync(ReprocessCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.Limit is < 0) throw new ArgumentOutOfRangeException(nameof(criteria), "Limit must not be negative.");
        string latest = criteria.Failed ? "SELECT * FROM study_latest_runs" : LatestSucceeded;
        // $1 model sha (success mode only), $2/$3 date range, $4 include permanent failures, $5 limit (NULL = all).
        string sql = $"""
            WITH latest AS ({latest})
            SELECT l.study_instance_uid, l.series_instance_uid, l.run_id, l.status, l.permanent, l.model_name,
                   l.model_sha256, l.source_dicomweb_url, l.source_path, st.study_date, l.started_at
            FROM latest l
            JOIN studies st ON st.study_instance_uid = l.study_instance_uid
            CROSS JOIN LATERAL (SELECT coalesce(st.study_date, (l.started_at AT TIME ZONE 'UTC')::date) AS day) d
            WHERE ($1::text IS NULL OR l.model_sha256 <> $1)
              AND ($2::date IS NULL OR d.day >= $2)
              AND ($3::date IS NULL OR d.day <= $3)
              AND {(criteria.Failed ? "l.status = 'failed' AND ($4 OR NOT l.permanent)" : "$4 IS NOT NULL")}
            ORDER BY d.day, l.study_instance_uid
            LIMIT $5
            """;
        await using NpgsqlCommand command = dataSource.CreateCommand(sql);
        command.Parameters.Add(Nullable(criteria.Failed ? null : criteria.CurrentModelSha256, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(criteria.Since, NpgsqlDbType.Date));
        command.Parameters.Add(Nullable(criteria.Until, NpgsqlDbType.Date));
        command.Parameters.Add(new NpgsqlParameter { Value = criteria.IncludePermanent, NpgsqlDbType = NpgsqlDbType.Boolean });
        command.Parameters.Add(Nullable(criteria.Limit, NpgsqlDbType.Integer));

        var candidates = new List<ReprocessCandidate>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            candidates.Add(new ReprocessCandidate(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetGuid(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetBoolean(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9),
                new DateTimeOffset(reader.GetDateTime(10), TimeSpan.Zero)));
        }
        return candidates;
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
