using TinyUNet.Contracts;
using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using TinyUNet.Storage;

namespace TinyUNet.Reporting;

/// <summary>
/// Read-only report queries on the study_reports and study_latest_runs views and the volumetrics table: plain SQL,
/// parameters only (no value is ever spliced into the text). Needs nothing beyond SELECT (the tinyunet_reader role).
/// </summary>
public sealed class ReportQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The largest page any caller may ask for; hosts cap lower.</summary>
    public const int MaxPageSize = 1000;

    // $1..$4: from, to, minimum opacity, model name; each NULL means "no bound".
    private const string CohortWhere = """
        WHERE ($1::date IS NULL OR study_date >= $1)
          AND ($2::date IS NULL OR study_date <= $2)
          AND ($3::double precision IS NULL OR opacity_percent >= $3)
          AND ($4::text IS NULL OR model_name = $4)
        """;

    /// <summary>The study's report, or null when the study has no run at all (unknown).</summary>
    public async Task<StudyReport?> GetStudyAsync(string studyInstanceUid, CancellationToken cancellationToken)
    {
        RequireUid(studyInstanceUid);
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot, so the summary, its volumetrics and the latest run agree with each other.
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        StudyLatestRunRow? latestRun = await LatestRunAsync(connection, transaction, studyInstanceUid, cancellationToken);
        if (latestRun is null) return null;

        StudyReportRow? latest = null;
        await using (var command = new NpgsqlCommand(
            $"SELECT {StudyReportRow.Columns} FROM {StudyReportRow.View} WHERE study_instance_uid = $1", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = studyInstanceUid });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken)) latest = StudyReportRow.Read(reader);
        }
        var volumetrics = new List<VolumetricsRow>();
        if (latest is not null)
        {
            await using var command = new NpgsqlCommand($"""
                SELECT {VolumetricsRow.Columns} FROM {VolumetricsRow.Table} WHERE run_id = $1
                ORDER BY array_position(ARRAY['right', 'left', 'total'], side),
                         array_position(ARRAY['whole_lung', 'lung_field', 'ggo', 'consolidation', 'lesion'], class)
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = latest.RunId });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) volumetrics.Add(VolumetricsRow.Read(reader));
        }
        return new StudyReport(studyInstanceUid, latest, volumetrics, latestRun);
    }

    /// <summary>The study's latest run of any status, or null when it has none.</summary>
    public async Task<StudyLatestRunRow?> GetLatestRunAsync(string studyInstanceUid, CancellationToken cancellationToken)
    {
        RequireUid(studyInstanceUid);
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LatestRunAsync(connection, null, studyInstanceUid, cancellationToken);
    }

    /// <summary>One page of the cohort (1-based) and the cohort's size, read from one snapshot.</summary>
    public async Task<CohortPage> GetCohortPageAsync(CohortFilter filter, CohortSort sort, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        RequireValid(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        long total;
        await using (var count = new NpgsqlCommand($"SELECT count(*) FROM {StudyReportRow.View} {CohortWhere}", connection, transaction))
        {
            AddFilter(count, filter);
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        var items = new List<StudyReportRow>();
        await using (var select = new NpgsqlCommand(
            $"SELECT {StudyReportRow.Columns} FROM {StudyReportRow.View} {CohortWhere} ORDER BY {OrderBy(sort)} LIMIT $5 OFFSET $6",
            connection, transaction))
        {
            AddFilter(select, filter);
            select.Parameters.Add(new NpgsqlParameter { Value = pageSize });
            select.Parameters.Add(new NpgsqlParameter { Value = (long)(page - 1) * pageSize });
            await using NpgsqlDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) items.Add(StudyReportRow.Read(reader));
        }
        return new CohortPage(items, total, page, pageSize);
    }

    /// <summary>
    /// Every study of the patient with this pseudonymous key (each by its latest successful run), oldest first, studies
    /// without a date last: the patient's timeline. Empty when the key is unknown.
    /// </summary>
    public async Task<IReadOnlyList<StudyReportRow>> GetPatientStudiesAsync(string patientKey, CancellationToken cancellationToken)
    {
        if (!IsPatientKey(patientKey)) throw new ArgumentException("Not a patient key (64 lowercase hex digits).", nameof(patientKey));
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = new NpgsqlCommand($"""
            SELECT {StudyReportRow.Columns} FROM {StudyReportRow.View} WHERE patient_key = $1
            ORDER BY study_date NULLS LAST, finished_at, study_instance_uid
            """, connection);
        select.Parameters.Add(new NpgsqlParameter { Value = patientKey });
        var studies = new List<StudyReportRow>();
        await using NpgsqlDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) studies.Add(StudyReportRow.Read(reader));
        return studies;
    }

    /// <summary>The form the worker stores keys in: 64 lowercase hex digits (HMAC-SHA256).</summary>
    public static bool IsPatientKey(string? key) =>
        key is { Length: 64 } && key.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>The whole cohort, streamed row by row (for exports of any size).</summary>
    public async IAsyncEnumerable<StudyReportRow> StreamCohortAsync(CohortFilter filter, CohortSort sort,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RequireValid(filter);
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            $"SELECT {StudyReportRow.Columns} FROM {StudyReportRow.View} {CohortWhere} ORDER BY {OrderBy(sort)}", connection);
        AddFilter(select, filter);
        await using NpgsqlDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) yield return StudyReportRow.Read(reader);
    }

    private static async Task<StudyLatestRunRow?> LatestRunAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        string studyInstanceUid, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {StudyLatestRunRow.Columns} FROM {StudyLatestRunRow.View} WHERE study_instance_uid = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = studyInstanceUid });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StudyLatestRunRow.Read(reader) : null;
    }

    // Fixed texts chosen by the enum, never caller input.
    private static string OrderBy(CohortSort sort) => sort switch
    {
        CohortSort.StudyDate => "study_date DESC NULLS LAST, study_instance_uid",
        CohortSort.Opacity => "opacity_percent DESC NULLS LAST, study_instance_uid",
        CohortSort.StudyInstanceUid => "study_instance_uid",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Unknown sort."),
    };

    private static void AddFilter(NpgsqlCommand command, CohortFilter filter)
    {
        command.Parameters.Add(Typed(filter.From, NpgsqlDbType.Date));
        command.Parameters.Add(Typed(filter.To, NpgsqlDbType.Date));
        command.Parameters.Add(Typed(filter.MinOpacityPercent, NpgsqlDbType.Double));
        command.Parameters.Add(Typed(filter.ModelName, NpgsqlDbType.Text));
    }

    private static NpgsqlParameter Typed(object? value, NpgsqlDbType type) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    private static void RequireUid(string uid)
    {
        if (!DicomUidSyntax.IsValid(uid)) throw new ArgumentException("Not a DICOM UID.", nameof(uid));
    }

    private static void RequireValid(CohortFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        string? problem = filter.Validate().FirstOrDefault();
        if (problem is not null) throw new ArgumentException(problem, nameof(filter));
    }
}

/// <summary>One page of a cohort (1-based <see cref="Page"/>) and how many studies the whole cohort holds.</summary>
public sealed record CohortPage(IReadOnlyList<StudyReportRow> Items, long Total, int Page, int PageSize);
