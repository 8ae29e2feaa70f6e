using System.Globalization;
using Npgsql;
using TinyUNet.Storage;

namespace TinyUNet.Reporting.Tests.Support;

/// <summary>
/// Test rows written as the worker writes them: successful runs through <see cref="SegmentationRunStore"/>,
/// failed runs by plain SQL (their writer is another engineer's work). Volumes split 60/40 right/left.
/// </summary>
public static class Seed
{
    private static int counter;

    /// <summary>
    /// A fresh DICOM UID, unique within the test run. Fixed width (the counter starts at 100001), so PostgreSQL's
    /// collation and ordinal order agree on them and tests can predict the tie-break order.
    /// </summary>
    public static string Uid() => "1.2.826.0.1.3680043.10.1001." +
        (100_000 + Interlocked.Increment(ref counter)).ToString(CultureInfo.InvariantCulture);

    public static string Sha(int n) => n.ToString("x64", CultureInfo.InvariantCulture);

    public static RunRecord Run(string study, string series, string model, string modelSha256, DateOnly? studyDate,
        double lungMl, double ggoMl, double consolidationMl, string? segLocation = null, string? patientKey = null)
    {
        var rows = new List<VolumetricsRow>();
        foreach (var (side, share) in new[] { ("right", 0.6), ("left", 0.4), ("total", 1.0) })
        {
            double lung = lungMl * share, ggo = ggoMl * share, consolidation = consolidationMl * share;
            double? Percent(double ml) => lung > 0 ? 100 * ml / lung : null;
            rows.Add(new(side, "whole_lung", (long)(lung * 1000), lung, lung > 0 ? 100 : null, -800, 90));
            rows.Add(new(side, "lung_field", (long)((lung - ggo - consolidation) * 1000), lung - ggo - consolidation,
                Percent(lung - ggo - consolidation), -850, 60));
            rows.Add(new(side, "ggo", (long)(ggo * 1000), ggo, Percent(ggo), -500, 80));
            rows.Add(new(side, "consolidation", (long)(consolidation * 1000), consolidation, Percent(consolidation), 10, 40));
            rows.Add(new(side, "lesion", (long)((ggo + consolidation) * 1000), ggo + consolidation, Percent(ggo + consolidation), -300, 200));
        }
        double? total(double ml) => lungMl > 0 ? 100 * ml / lungMl : null;
        return new RunRecord
        {
            RunId = Guid.NewGuid(),
            CorrelationId = Guid.NewGuid(),
            StudyInstanceUid = study,
            SeriesInstanceUid = series,
            FrameOfReferenceUid = series + ".1",
            Reason = "NewStudy",
            ModelName = model,
            ModelVersion = "1.0.0",
            ModelSha256 = modelSha256,
            SegSeriesInstanceUid = series + ".2",
            SegSopInstanceUid = series + ".3",
            SegLocation = segLocation ?? $"/nonexistent/{study}/{series}.seg.dcm",
            IncompleteCoverage = false,
            StudyDate = studyDate,
            PatientKey = patientKey,
            StageMilliseconds = new Dictionary<string, double> { ["Inference"] = 12.5 },
            StartedAt = DateTimeOffset.UtcNow.AddSeconds(-5),
            Volumetrics = rows,
            Totals = new StoredTotals(lungMl, ggoMl, consolidationMl, total(ggoMl + consolidationMl), total(consolidationMl), false),
        };
    }

    /// <summary>A failed run of the study, finished now (so it is the study's latest), as the worker records one.</summary>
    public static async Task FailAsync(NpgsqlDataSource writer, string study, bool permanent, string error)
    {
        await using NpgsqlCommand command = writer.CreateCommand("""
            INSERT INTO studies (study_instance_uid) VALUES ($1) ON CONFLICT DO NOTHING;
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = study });
        await command.ExecuteNonQueryAsync();
        await using NpgsqlCommand run = writer.CreateCommand("""
            INSERT INTO runs (run_id, study_instance_uid, correlation_id, reason, model_name, model_version, model_sha256,
                              status, permanent, error, source_path, started_at)
            VALUES (gen_random_uuid(), $1, gen_random_uuid(), 'Manual', 'failing-model', '2.0.0', $2, 'failed', $3, $4,
                    '/sources/Doe^Jane', now() - interval '1 second')
            """);
        foreach (object value in new object[] { study, Sha(999), permanent, error }) run.Parameters.Add(new NpgsqlParameter { Value = value });
        await run.ExecuteNonQueryAsync();
    }
}
