using System.Net;
using System.Text.Json;
using Npgsql;
using TinyUNet.Reporting.Tests.Support;
using TinyUNet.Storage;

namespace TinyUNet.Reporting.Tests;

/// <summary>
/// Migration 0004's patient keys on the real PostgreSQL: stored with a run, read back as one patient's timeline (query
/// and API), and rows without a key (stored before the migration, or without a site secret) still reported alone.
/// </summary>
[Collection(ReportStackCollection.Name)]
public sealed class PatientTimelineEndToEndTests(ReportStackFixture stack) : IDisposable
{
    private const string Secret = "site-secret-of-the-test-hospital-0123456789";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly ReportQueries queries = new(stack.Reader);
    private readonly ReportApiFactory factory = new(new Dictionary<string, string?>
    {
        ["Database:ConnectionString"] = stack.ReaderConnectionString,
        ["Storage:OutputRoot"] = stack.OutputRoot,
        ["Auth:Mode"] = "None",
    });

    private async Task<(string Key, string[] Studies)> PatientAsync(string model)
    {
        string key = PatientKey.Compute(Secret, "PAT-" + Guid.NewGuid().ToString("N"))!;
        string early = Seed.Uid(), late = Seed.Uid(), undated = Seed.Uid();
        foreach (var (study, date, ggo) in new[] { (late, (DateOnly?)new DateOnly(2026, 3, 1), 30.0), (undated, null, 5.0), (early, new DateOnly(2026, 1, 1), 120.0) })
            await stack.Runs.SaveSucceededAsync(Seed.Run(study, study + ".7", model, Seed.Sha(31), date, 1000, ggo, 10, patientKey: key), None);
        return (key, [early, late, undated]);
    }

    [Fact]
    public async Task GetPatientStudiesAsync_ThreeStudiesOfOnePatient_OldestFirstUndatedLast()
    {
        var (key, studies) = await PatientAsync("timeline-query");
        string stranger = Seed.Uid();
        await stack.Runs.SaveSucceededAsync(Seed.Run(stranger, stranger + ".7", "timeline-query", Seed.Sha(31), new(2026, 2, 1), 1000, 1, 0,
            patientKey: PatientKey.Compute(Secret, "SOMEONE-ELSE")), None);

        IReadOnlyList<StudyReportRow> timeline = await queries.GetPatientStudiesAsync(key, None);

        Assert.Equal(studies, timeline.Select(s => s.StudyInstanceUid));
        Assert.All(timeline, s => Assert.Equal(key, s.PatientKey));
        Assert.Equal(13.0, timeline[0].OpacityPercent!.Value, 9);
        Assert.Empty(await queries.GetPatientStudiesAsync(new string('0', 64), None));
    }

    [Fact]
    public async Task StudyReports_RowWithoutKeyAsBeforeTheMigration_StillReportedWithNullKey()
    {
        string old = Seed.Uid();
        await stack.Runs.SaveSucceededAsync(Seed.Run(old, old + ".7", "timeline-old", Seed.Sha(32), new(2025, 12, 1), 1000, 50, 0), None);
        await using (NpgsqlCommand check = stack.Writer.CreateCommand("SELECT patient_key FROM studies WHERE study_instance_uid = $1"))
        {
            check.Parameters.Add(new NpgsqlParameter { Value = old });
            Assert.Equal(DBNull.Value, await check.ExecuteScalarAsync());
        }

        StudyReport? report = await queries.GetStudyAsync(old, None);
        CohortPage cohort = await queries.GetCohortPageAsync(new CohortFilter { ModelName = "timeline-old" }, CohortSort.StudyDate, 1, 10, None);

        Assert.Null(report!.Latest!.PatientKey);
        Assert.Equal(old, Assert.Single(cohort.Items).StudyInstanceUid);
    }

    [Fact]
    public async Task SaveSucceededAsync_KeyArrivesWithALaterRun_KeptAndNeverOverwritten()
    {
        string study = Seed.Uid();
        string first = PatientKey.Compute(Secret, "A")!, second = PatientKey.Compute(Secret, "B")!;
        await stack.Runs.SaveSucceededAsync(Seed.Run(study, study + ".7", "timeline-keys", Seed.Sha(33), null, 1000, 1, 0), None);
        await stack.Runs.SaveSucceededAsync(Seed.Run(study, study + ".7", "timeline-keys", Seed.Sha(34), null, 1000, 1, 0, patientKey: first), None);
        await stack.Runs.SaveSucceededAsync(Seed.Run(study, study + ".7", "timeline-keys", Seed.Sha(35), null, 1000, 1, 0, patientKey: second), None);

        Assert.Equal(first, (await queries.GetStudyAsync(study, None))!.Latest!.PatientKey);
    }

    [Fact]
    public async Task PatientKeyColumn_NotAKey_RefusedByTheDatabase()
    {
        await using NpgsqlCommand insert = stack.Writer.CreateCommand(
            "INSERT INTO studies (study_instance_uid, patient_key) VALUES ($1, 'Doe^Jane')");
        insert.Parameters.Add(new NpgsqlParameter { Value = Seed.Uid() });
        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task GetPatientStudies_Api_TimelineUnknownAndMalformedKeys()
    {
        var (key, studies) = await PatientAsync("timeline-api");
        using HttpClient client = factory.CreateClient();

        using JsonDocument json = JsonDocument.Parse(await client.GetStringAsync($"/api/patients/{key}/studies"));
        using HttpResponseMessage unknown = await client.GetAsync($"/api/patients/{new string('a', 64)}/studies");
        using HttpResponseMessage malformed = await client.GetAsync($"/api/patients/{key.ToUpperInvariant()}/studies");

        Assert.Equal(studies, json.RootElement.GetProperty("studies").EnumerateArray().Select(s => s.GetProperty("studyInstanceUid").GetString()));
        Assert.Equal(key, json.RootElement.GetProperty("studies")[0].GetProperty("patientKey").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    public void Dispose() => factory.Dispose();
}
