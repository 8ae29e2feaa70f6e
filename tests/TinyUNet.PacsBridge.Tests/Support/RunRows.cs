using Npgsql;

namespace TinyUNet.PacsBridge.Tests.Support;

/// <summary>Inserts runs as the worker stores them (study, series, run rows), with the dates and sources a test needs.</summary>
public sealed class RunRows(NpgsqlDataSource database)
{
    public async Task ClearAsync()
    {
        await using NpgsqlCommand command = database.CreateCommand("TRUNCATE volumetrics, runs, series, studies CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Adds one run; returns its id. <paramref name="permanent"/> only for failed runs.</summary>
    public async Task<Guid> AddAsync(string studyUid, string modelSha256, DateTimeOffset startedAt, string status = "succeeded",
        bool? permanent = null, DateOnly? studyDate = null, string? dicomWeb = null, string? path = null, string? seriesUid = null)
    {
        var runId = Guid.NewGuid();
        seriesUid ??= status == "succeeded" ? studyUid + ".1" : null;
        await using var batch = new NpgsqlBatch(await database.OpenConnectionAsync());
        batch.BatchCommands.Add(Command("""
            INSERT INTO studies (study_instance_uid, study_date) VALUES ($1, $2)
            ON CONFLICT (study_instance_uid) DO UPDATE SET study_date = coalesce(studies.study_date, excluded.study_date)
            """, studyUid, (object?)studyDate ?? DBNull.Value));
        if (seriesUid is not null)
            batch.BatchCommands.Add(Command("INSERT INTO series VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", seriesUid, studyUid, studyUid + ".9"));
        batch.BatchCommands.Add(Command("""
            INSERT INTO runs (run_id, study_instance_uid, series_instance_uid, correlation_id, reason, model_name, model_version,
                              model_sha256, status, permanent, error, source_dicomweb_url, source_path, started_at, finished_at)
            VALUES ($1, $2, $3, $4, 'NewStudy', 'test-model', '1.0.0', $5, $6, $7, $8, $9, $10, $11, $12)
            """, runId, studyUid, (object?)seriesUid ?? DBNull.Value, Guid.NewGuid(), modelSha256, status,
            (object?)permanent ?? DBNull.Value, status == "failed" ? "test failure" : DBNull.Value,
            (object?)dicomWeb ?? DBNull.Value, (object?)path ?? DBNull.Value, startedAt.UtcDateTime, startedAt.UtcDateTime.AddMinutes(1)));
        await batch.ExecuteNonQueryAsync();
        await batch.Connection!.DisposeAsync();
        return runId;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (object value in values)
            command.Parameters.Add(value is DBNull ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Unknown } : new NpgsqlParameter { Value = value });
        return command;
    }
}
