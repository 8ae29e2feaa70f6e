using Npgsql;
using TinyUNet.Storage.Internal;

namespace TinyUNet.Storage;

/// <summary>
/// One row of the study_latest_runs view (migration 0002): a study's latest run of any status. <see cref="Error"/> is
/// the worker's PHI-free reason; the view's source columns are left out on purpose (folder names may carry patient
/// data). <see cref="Columns"/> and <see cref="Read"/> are the one reader of the view.
/// </summary>
public sealed record StudyLatestRunRow
{
    public const string View = "study_latest_runs";

    /// <summary>The columns read, in the order <see cref="Read"/> expects them.</summary>
    public const string Columns = """
        study_instance_uid, series_instance_uid, run_id, status, permanent, error, reason, model_name, model_version,
        model_sha256, started_at, finished_at
        """;

    public required string StudyInstanceUid { get; init; }
    public string? SeriesInstanceUid { get; init; }
    public required Guid RunId { get; init; }
    /// <summary>"succeeded" or "failed".</summary>
    public required string Status { get; init; }
    /// <summary>For a failed run: true when the input was at fault (retrying cannot help); null for a success.</summary>
    public bool? Permanent { get; init; }
    public string? Error { get; init; }
    public required string Reason { get; init; }
    public required string ModelName { get; init; }
    public required string ModelVersion { get; init; }
    public required string ModelSha256 { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>The current row of a reader that selected <see cref="Columns"/>.</summary>
    public static StudyLatestRunRow Read(NpgsqlDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new()
        {
            StudyInstanceUid = reader.GetString(0),
            SeriesInstanceUid = reader.GetNullableString(1),
            RunId = reader.GetGuid(2),
            Status = reader.GetString(3),
            Permanent = reader.GetNullableBoolean(4),
            Error = reader.GetNullableString(5),
            Reason = reader.GetString(6),
            ModelName = reader.GetString(7),
            ModelVersion = reader.GetString(8),
            ModelSha256 = reader.GetString(9),
            StartedAt = reader.GetFieldValue<DateTimeOffset>(10),
            FinishedAt = reader.GetFieldValue<DateTimeOffset>(11),
        };
    }
}
