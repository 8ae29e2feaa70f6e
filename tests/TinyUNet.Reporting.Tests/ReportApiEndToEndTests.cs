using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TinyUNet.Reporting.Tests.Support;
using TinyUNet.TestSupport;

namespace TinyUNet.Reporting.Tests;

/// <summary>
/// The report API host in-process (WebApplicationFactory) against the real PostgreSQL, logged in as a role that is
/// only a member of tinyunet_reader, with a small page-size cap so capping is visible.
/// </summary>
[Collection(ReportStackCollection.Name)]
public sealed class ReportApiEndToEndTests : IDisposable
{
    private const int MaxPageSize = 5;
    private readonly ReportStackFixture stack;
    private readonly ReportApiFactory factory;
    private readonly HttpClient client;
    private static readonly CancellationToken None = CancellationToken.None;

    public ReportApiEndToEndTests(ReportStackFixture stack)
    {
        this.stack = stack;
        factory = new ReportApiFactory(Settings(stack.ReaderConnectionString, stack.OutputRoot));
        client = factory.CreateClient();
    }

    private static Dictionary<string, string?> Settings(string connectionString, string outputRoot) => new()
    {
        ["Database:ConnectionString"] = connectionString,
        ["Storage:OutputRoot"] = outputRoot,
        ["ReportApi:DefaultPageSize"] = "3",
        ["ReportApi:MaxPageSize"] = MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // What these tests check is the API's answers; access control has its own tests (ReportApiAccessTests).
        ["Auth:Mode"] = "None",
    };

    [Fact]
    public async Task GetStudy_Unknown_404ProblemDetails()
    {
        using HttpResponseMessage response = await client.GetAsync($"/api/studies/{Seed.Uid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("1.2.abc")]
    [InlineData("1..2")]
    [InlineData("01.2")]
    [InlineData("1.2%20")]
    [InlineData("1.11111111111111111111111111111111111111111111111111111111111111111")]
    public async Task GetStudyAndFriends_MalformedUid_400(string uid)
    {
        foreach (string path in new[] { "", "/status", "/montage.png" })
        {
            using HttpResponseMessage response = await client.GetAsync($"/api/studies/{uid}{path}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task GetStudy_Known_ReportJsonWithoutServerPaths()
    {
        Cohort cohort = await Cohort.WriteAsync(stack.Runs, "api-study");

        using HttpResponseMessage response = await client.GetAsync($"/api/studies/{cohort.S1}");
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(body);
        JsonElement latest = json.RootElement.GetProperty("latest");
        Assert.Equal(cohort.S1, json.RootElement.GetProperty("studyInstanceUid").GetString());
        Assert.Equal(15, latest.GetProperty("opacityPercent").GetDouble(), 9);
        Assert.Equal("2026-01-05", latest.GetProperty("studyDate").GetString());
        Assert.Equal(15, json.RootElement.GetProperty("volumetrics").GetArrayLength());
        Assert.Equal("succeeded", json.RootElement.GetProperty("latestRun").GetProperty("status").GetString());
        Assert.DoesNotContain("segLocation", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/nonexistent/", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStudies_Paging_DefaultAndCappedSizesTotalsAndOrder()
    {
        Cohort cohort = await Cohort.WriteAsync(stack.Runs, "api-paging");
        async Task<(int Page, int PageSize, long Total, string[] Uids)> Get(string query)
        {
            using JsonDocument json = JsonDocument.Parse(await client.GetStringAsync($"/api/studies?model={cohort.Model}&{query}"));
            JsonElement r = json.RootElement;
            return (r.GetProperty("page").GetInt32(), r.GetProperty("pageSize").GetInt32(), r.GetProperty("total").GetInt64(),
                r.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("studyInstanceUid").GetString()!).ToArray());
        }

        var byDefault = await Get("");
        var capped1 = await Get("pageSize=1000&page=1");
        var capped2 = await Get("pageSize=1000&page=2");
        var byOpacity = await Get("sort=opacity&pageSize=2&page=2");

        Assert.Equal((1, 3, 8L), (byDefault.Page, byDefault.PageSize, byDefault.Total));
        Assert.Equal(cohort.ByDate.Take(3), byDefault.Uids);
        Assert.Equal((MaxPageSize, 8L), (capped1.PageSize, capped1.Total));
        Assert.Equal(cohort.ByDate, capped1.Uids.Concat(capped2.Uids));
        Assert.Equal(cohort.ByOpacity.Skip(2).Take(2), byOpacity.Uids);
    }

    [Fact]
    public async Task GetStudies_Filters_AppliedLikeTheQueries()
    {
        Cohort cohort = await Cohort.WriteAsync(stack.Runs, "api-filters");
        using JsonDocument json = JsonDocument.Parse(await client.GetStringAsync(
            $"/api/studies?model={cohort.Model}&from=2026-01-03&to=2026-01-07&minOpacity=10"));
        Assert.Equal([cohort.S3, cohort.S1, cohort.S6],
            json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("studyInstanceUid").GetString()));
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("from=2026-13-01")]
    [InlineData("to=yesterday")]
    [InlineData("minOpacity=ten")]
    [InlineData("minOpacity=101")]
    [InlineData("from=2026-02-01&to=2026-01-01")]
    [InlineData("sort=name")]
    public async Task GetStudies_BadParameter_400(string query)
    {
        using HttpResponseMessage response = await client.GetAsync($"/api/studies?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using HttpResponseMessage csv = await client.GetAsync($"/api/studies.csv?{query}");
        Assert.Equal(query.StartsWith("page", StringComparison.Ordinal) ? HttpStatusCode.OK : HttpStatusCode.BadRequest, csv.StatusCode);
    }

    [Fact]
    public async Task GetStudiesCsv_AwkwardValuesAndFilters_Rfc4180InOrder()
    {
        const string awkward = "api, \"csv\"\nmodel";
        Cohort cohort = await Cohort.WriteAsync(stack.Runs, awkward);

        using HttpResponseMessage response = await client.GetAsync($"/api/studies.csv?model={Uri.EscapeDataString(awkward)}&sort=opacity");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        List<string[]> records = Csv.Parse(text);
        Assert.Equal(ReportColumns.Export.Select(c => c.Header), records[0]);
        int uid = Array.IndexOf(records[0], "study_instance_uid"), model = Array.IndexOf(records[0], "model_name");
        Assert.Equal(cohort.ByOpacity, records.Skip(1).Select(r => r[uid]));
        Assert.All(records.Skip(1), r => Assert.Equal(awkward, r[model]));
        int lung = Array.IndexOf(records[0], "right_lung_ml"), opacity = Array.IndexOf(records[0], "opacity_percent");
        string[] s3 = records.Single(r => r[uid] == cohort.S3);
        Assert.Equal("900", s3[lung]);
        Assert.Equal("30", s3[opacity]);
        Assert.Equal("", records.Single(r => r[uid] == cohort.S7)[opacity]);
    }

    [Fact]
    public async Task GetStatus_FailedLatestRun_FailedPermanentWithReasonAndNoSourcePath()
    {
        string study = Seed.Uid();
        await stack.Runs.SaveSucceededAsync(Seed.Run(study, study + ".7", "api-status", Seed.Sha(17), null, 900, 9, 0), None);
        await Seed.FailAsync(stack.Writer, study, permanent: true, "No CT series in the study.");

        using HttpResponseMessage response = await client.GetAsync($"/api/studies/{study}/status");
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Equal("failed", json.RootElement.GetProperty("status").GetString());
        Assert.True(json.RootElement.GetProperty("permanent").GetBoolean());
        Assert.Equal("No CT series in the study.", json.RootElement.GetProperty("error").GetString());
        Assert.Equal("failing-model", json.RootElement.GetProperty("modelName").GetString());
        Assert.DoesNotContain("Doe", body, StringComparison.Ordinal);
        Assert.DoesNotContain("sources", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStudyAndStatus_OnlyFailedRuns_StatusKnownReportWithoutResult()
    {
        string study = Seed.Uid();
        await Seed.FailAsync(stack.Writer, study, permanent: false, "Retries exhausted: PACS unreachable.");

        using JsonDocument report = JsonDocument.Parse(await client.GetStringAsync($"/api/studies/{study}"));
        using JsonDocument status = JsonDocument.Parse(await client.GetStringAsync($"/api/studies/{study}/status"));
        using HttpResponseMessage montage = await client.GetAsync($"/api/studies/{study}/montage.png");

        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("latest").ValueKind);
        Assert.False(status.RootElement.GetProperty("permanent").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, montage.StatusCode);
        using HttpResponseMessage unknown = await client.GetAsync($"/api/studies/{Seed.Uid()}/status");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task GetMontage_BesideSeg_ServedAsPng()
    {
        string study = Seed.Uid(), series = study + ".7";
        string folder = Directory.CreateDirectory(Path.Combine(stack.OutputRoot, study, "0123456789abcdef")).FullName;
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 1, 2, 3];
        await File.WriteAllBytesAsync(Path.Combine(folder, series + ".montage.png"), png);
        await stack.Runs.SaveSucceededAsync(Seed.Run(study, series, "api-montage", Seed.Sha(21), null, 900, 9, 0,
            Path.Combine(folder, series + ".seg.dcm")), None);

        using HttpResponseMessage response = await client.GetAsync($"/api/studies/{study}/montage.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetMontage_MissingOrOutsideOutputRoot_404()
    {
        string missing = Seed.Uid(), outside = Seed.Uid();
        await stack.Runs.SaveSucceededAsync(Seed.Run(missing, missing + ".7", "api-montage-missing", Seed.Sha(22), null, 900, 9, 0,
            Path.Combine(stack.OutputRoot, missing, missing + ".7.seg.dcm")), None);
        // A montage that exists, but beside a SEG outside the output root: never served, whatever the row says.
        await File.WriteAllBytesAsync(Path.Combine(stack.Scratch, outside + ".7.montage.png"), [1, 2, 3]);
        await stack.Runs.SaveSucceededAsync(Seed.Run(outside, outside + ".7", "api-montage-outside", Seed.Sha(23), null, 900, 9, 0,
            Path.Combine(stack.OutputRoot, "..", "scratch", outside + ".7.seg.dcm")), None);

        foreach (string study in new[] { missing, outside })
        {
            using HttpResponseMessage response = await client.GetAsync($"/api/studies/{study}/montage.png");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Health_DatabaseUpAndDown_LiveAlwaysReadyOnlyWithDatabase()
    {
        string unreachable = new Npgsql.NpgsqlConnectionStringBuilder(stack.ReaderConnectionString)
        {
            Port = FreePort.Next(),
            Timeout = 2,
        }.ConnectionString;
        using var down = new ReportApiFactory(Settings(unreachable, stack.OutputRoot));
        using HttpClient downClient = down.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await downClient.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await downClient.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public void Start_MissingSettings_RefusedWithTheSettingsNamed()
    {
        using var broken = new ReportApiFactory(new Dictionary<string, string?> { ["ReportApi:MaxPageSize"] = "0" });
        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        string message = error.ToString();
        Assert.Contains("Database:ConnectionString", message, StringComparison.Ordinal);
        Assert.Contains("Storage:OutputRoot", message, StringComparison.Ordinal);
        Assert.Contains("ReportApi:MaxPageSize", message, StringComparison.Ordinal);
        Assert.Contains("Auth:Authority", message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
    }
}
