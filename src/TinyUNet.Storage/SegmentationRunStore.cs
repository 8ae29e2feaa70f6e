using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using TinyUNet.Contracts;
using TinyUNet.Storage.Internal;

namespace TinyUNet.Storage;

/// <summary>
/// Runs and their volumetrics in PostgreSQL. A run's rows (study, series, run, volumetrics) are written in one
/// transaction; the partial unique index on (series, model hash) makes a second success for the same pair a no-op
/// that returns the first one, so concurrent duplicates cannot both land. Failed runs are rows of their own (status
/// 'failed'), never volumetrics, and never shown by study_reports.
/// </summary>
public sealed class SegmentationRunStore(NpgsqlDataSource dataSource)
{
    private const string SelectRun = """
        SELECT r.run_id, r.series_instance_uid, r.seg_series_instance_uid, r.seg_sop_instance_uid, r.seg_location,
               coalesce(max(v.volume_ml) FILTER (WHERE v.side = 'total' AND v.class = 'whole_lung'), 0),
               coalesce(max(v.volume_ml) FILTER (WHERE v.side = 'total' AND v.class = 'ggo'), 0),
               coalesce(max(v.volume_ml) FILTER (WHERE v.side = 'total' AND v.class = 'consolidation'), 0),
               max(v.percent_of_lung) FILTER (WHERE v.side = 'total' AND v.class = 'lesion'),
               max(v.percent_of_lung) FILTER (WHERE v.side = 'total' AND v.class = 'consolidation'),
               coalesce(r.incomplete_coverage, false), r.lung_finding
        FROM runs r LEFT JOIN volumetrics v ON v.run_id = r.run_id
        WHERE r.series_instance_uid = $1 AND r.model_sha256 = $2 AND r.status = 'succeeded'
        GROUP BY r.run_id
        """;

    public async Task<StoredRun?> FindSucceededAsync(string seriesInstanceUid, string modelSha256, CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, seriesInstanceUid, modelSha256, cancellationToken);
    }

    /// <summary>Stores a successful run, or returns the existing one for the same series and model.</summary>
    public async Task<StoredRun> SaveSucceededAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var study = new NpgsqlCommand("""
            INSERT INTO studies (study_instance_uid, study_date, patient_key) VALUES ($1, $2, $3)
            ON CONFLICT (study_instance_uid) DO UPDATE SET study_date = coalesce(studies.study_date, excluded.study_date),
                                                           patient_key = coalesce(studies.patient_key, excluded.patient_key)
            """, connection, transaction))
        {
            study.Parameters.Add(new NpgsqlParameter { Value = run.StudyInstanceUid });
            study.Parameters.Add(new NpgsqlParameter { Value = (object?)run.StudyDate ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
            AddNullableText(study, run.PatientKey);
            await study.ExecuteNonQueryAsync(cancellationToken);
        }
        await ExecuteAsync(connection, transaction, """
            INSERT INTO series (series_instance_uid, study_instance_uid, frame_of_reference_uid) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING
            """, cancellationToken, run.SeriesInstanceUid, run.StudyInstanceUid, run.FrameOfReferenceUid);

        await using (var insert = new NpgsqlCommand("""
            INSERT INTO runs (run_id, series_instance_uid, correlation_id, reason, model_name, model_version, model_sha256,
                              status, seg_series_instance_uid, seg_sop_instance_uid, seg_location, incomplete_coverage,
                              study_instance_uid, priority, source_dicomweb_url, source_path, stage_ms, started_at,
                              lung_finding)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'succeeded', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            ON CONFLICT (series_instance_uid, model_sha256) WHERE status = 'succeeded' DO NOTHING
            RETURNING run_id
            """, connection, transaction))
        {
            AddParameters(insert, run.RunId, run.SeriesInstanceUid, run.CorrelationId, run.Reason, run.ModelName,
                run.ModelVersion, run.ModelSha256, run.SegSeriesInstanceUid, run.SegSopInstanceUid, run.SegLocation,
                run.IncompleteCoverage, run.StudyInstanceUid, run.Priority);
            AddNullableText(insert, run.SourceDicomWebUrl);
            AddNullableText(insert, run.SourcePath);
            insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(run.StageMilliseconds), NpgsqlDbType = NpgsqlDbType.Jsonb });
            insert.Parameters.Add(new NpgsqlParameter { Value = run.StartedAt.ToUniversalTime() });
            AddNullableText(insert, LungFindingColumn.ToText(run.Finding));
            if (await insert.ExecuteScalarAsync(cancellationToken) is null)
            {
                // Another delivery of the same work won: keep its result, write nothing.
                await transaction.RollbackAsync(cancellationToken);
                return (await FindAsync(connection, null, run.SeriesInstanceUid, run.ModelSha256, cancellationToken))!
                    with { AlreadyExisted = true };
            }
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            foreach (VolumetricsRow row in run.Volumetrics)
            {
                var command = new NpgsqlBatchCommand("""
                    INSERT INTO volumetrics (run_id, side, class, voxel_count, volume_ml, percent_of_lung, mean_hu, std_hu)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """);
                foreach (object? value in new object?[] { run.RunId, row.Side, row.Class, row.VoxelCount, row.VolumeMl, row.PercentOfLung, row.MeanHu, row.StdHu })
                    command.Parameters.Add(value is null
                        ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double }
                        : new NpgsqlParameter { Value = value });
                batch.BatchCommands.Add(command);
            }
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new StoredRun(run.RunId, run.SeriesInstanceUid, run.SegSeriesInstanceUid, run.SegSopInstanceUid, run.SegLocation,
            run.Totals, false) { Finding = run.Finding };
    }

    /// <summary>
    /// Stores a failed run (and its study, when new). Writing the same run id twice is a no-op, so a fault delivered
    /// twice leaves one row. Returns false when the row was already there.
    /// </summary>
    public async Task<bool> SaveFailedAsync(FailedRunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "INSERT INTO studies (study_instance_uid) VALUES ($1) ON CONFLICT DO NOTHING",
            cancellationToken, run.StudyInstanceUid);
        if (run.SeriesInstanceUid is { } series && run.FrameOfReferenceUid is { } frame)
            await ExecuteAsync(connection, transaction, """
                INSERT INTO series (series_instance_uid, study_instance_uid, frame_of_reference_uid) VALUES ($1, $2, $3)
                ON CONFLICT DO NOTHING
                """, cancellationToken, series, run.StudyInstanceUid, frame);

        // A series the database has never seen (named by the command, not yet read) cannot be referenced: NULL then.
        await using var insert = new NpgsqlCommand("""
            INSERT INTO runs (run_id, series_instance_uid, correlation_id, reason, model_name, model_version, model_sha256,
                              status, permanent, error, study_instance_uid, priority, source_dicomweb_url, source_path,
                              stage_ms, started_at)
            VALUES ($1, (SELECT series_instance_uid FROM series WHERE series_instance_uid = $2), $3, $4, $5, $6, $7,
                    'failed', $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (run_id) DO NOTHING
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = run.RunId });
        AddNullableText(insert, run.SeriesInstanceUid);
        AddParameters(insert, run.CorrelationId, run.Reason, run.ModelName, run.ModelVersion, run.ModelSha256, run.Permanent,
            run.Error, run.StudyInstanceUid, run.Priority);
        AddNullableText(insert, run.SourceDicomWebUrl);
        AddNullableText(insert, run.SourcePath);
        insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(run.StageMilliseconds), NpgsqlDbType = NpgsqlDbType.Jsonb });
        insert.Parameters.Add(new NpgsqlParameter { Value = run.StartedAt.ToUniversalTime() });
        bool inserted = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    private static async Task<StoredRun?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        string seriesInstanceUid, string modelSha256, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectRun, connection, transaction);
        AddParameters(command, seriesInstanceUid, modelSha256);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        double? Nullable(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
        var totals = new StoredTotals(reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7), Nullable(8), Nullable(9), reader.GetBoolean(10));
        return new StoredRun(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), totals, true)
        {
            Finding = LungFindingColumn.FromText(reader.IsDBNull(11) ? null : reader.GetString(11)) ?? LungFinding.LungFound,
        };
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql,
        CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        AddParameters(command, values);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddNullableText(NpgsqlCommand command, string? value) =>
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });

    private static void AddParameters(NpgsqlCommand command, params object[] values)
    {
        foreach (object value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
    }
}
