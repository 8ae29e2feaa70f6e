using TinyUNet.Reporting.Tests.Support;
using TinyUNet.Storage;

namespace TinyUNet.Reporting.Tests;

/// <summary>The report queries against the real PostgreSQL, connected as a member of tinyunet_reader only.</summary>
[Collection(ReportStackCollection.Name)]
public sealed class ReportQueriesEndToEndTests(ReportStackFixture stack)
{
    private readonly ReportQueries queries = new(stack.Reader);
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(50)]
    public async Task GetCohortPageAsync_PageSizes_PagesCoverCohortOnceInOrderWithTotal(int pageSize)
    {
        Cohort cohort = await Cohort.WriteAsync(stack.Runs, $"paging-{pageSize}");
        var filter = new CohortFilter { ModelName = cohort.Model };
        var seen = new List<string>();
        int pages = (8 + pageSize - 1) / pageSize;

        for (int page = 1; page <= pages + 1; page++)
        {
            CohortPage result = await queries.GetCohortPageAsync(filter, CohortSort.StudyDate, page, pageSize, None);
            Assert.Equal(8, result.Total);
            Assert.Equal(page <= pages ? Math.Min(pageSize, 8 - (page - 1) * pageSize) : 0, result.Items.Count);
            seen.AddRange(result.Items.Select(s => s.StudyInstanceUid));
        }

        Assert.Equal(cohort.ByDate, seen);
    }

    [Fact]
    public async Task GetCohortPageAsync_Sorts_OpacityAndUidOrders()
    {
        Cohort cohort = await Cohort.WriteAsync(stack.Runs, "sorts");
        var filter = new CohortFilter { ModelName = cohort.Model };

        CohortPage byOpacity = await queries.GetCohortPageAsync(filter, CohortSort.Opacity, 1, 100, None);
        CohortPage byUid = await queries.GetCohortPageAsync(filter, CohortSort.StudyInstanceUid, 1, 100, None);

        Assert.Equal(cohort.ByOpacity, byOpacity.Items.Select(s => s.StudyInstanceUid));
        Assert.Equal(cohort.ByDate.Order(StringComparer.Ordinal), byUid.Items.Select(s => s.StudyInstanceUid));
    }

    [Fact]
    public async Task GetCohortPageAsync_Filters_InclusiveBoundsAndLatestRunModel()
    {
        Cohort cohort = await Cohort.WriteAsync(stack.Runs, "filters");
        async Task<string[]> Select(CohortFilter filter) =>
            (await queries.GetCohortPageAsync(filter, CohortSort.StudyDate, 1, 100, None)).Items.Select(s => s.StudyInstanceUid).ToArray();

        Assert.Equal([cohort.S3, cohort.S1, cohort.S2, cohort.S6], await Select(new CohortFilter
        {
            ModelName = cohort.Model, From = new DateOnly(2026, 1, 3), To = new DateOnly(2026, 1, 7),
        }));
        Assert.Equal([cohort.S3, cohort.S1, cohort.S6], await Select(new CohortFilter { ModelName = cohort.Model, MinOpacityPercent = 10 }));
        Assert.Equal([cohort.S9], await Select(new CohortFilter { ModelName = cohort.OtherModel }));
        Assert.Equal([cohort.S7], await Select(new CohortFilter { ModelName = cohort.Model, From = new DateOnly(2026, 2, 1) }));
    }

    [Fact]
    public async Task GetCohortPageAsync_FromAfterTo_Refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => queries.GetCohortPageAsync(
            new CohortFilter { From = new DateOnly(2026, 2, 1), To = new DateOnly(2026, 1, 1) }, CohortSort.StudyDate, 1, 10, None));
    }

    [Fact]
    public async Task StreamCohortAsync_Filter_SameStudiesAsPagesInOrder()
    {
        Cohort cohort = await Cohort.WriteAsync(stack.Runs, "stream");
        var streamed = new List<string>();
        await foreach (StudyReportRow s in queries.StreamCohortAsync(new CohortFilter { ModelName = cohort.Model }, CohortSort.Opacity, None))
            streamed.Add(s.StudyInstanceUid);
        Assert.Equal(cohort.ByOpacity, streamed);
    }

    [Fact]
    public async Task GetStudyAsync_TwoModels_LatestRunWithItsVolumetricsInOrder()
    {
        Cohort cohort = await Cohort.WriteAsync(stack.Runs, "study");

        StudyReport? report = await queries.GetStudyAsync(cohort.S9, None);

        Assert.NotNull(report);
        Assert.NotNull(report.Latest);
        Assert.Equal(cohort.OtherModel, report.Latest.ModelName);
        Assert.Equal(new DateOnly(2026, 1, 4), report.Latest.StudyDate);
        Assert.Equal(1000, report.Latest.LungMl!.Value, 9);
        Assert.Equal(600, report.Latest.RightLungMl!.Value, 9);
        Assert.Equal(60, report.Latest.GgoMl!.Value, 9);
        Assert.Equal(6, report.Latest.OpacityPercent!.Value, 9);
        Assert.Equal(15, report.Volumetrics.Count);
        Assert.Equal(["right", "left", "total"], report.Volumetrics.Select(v => v.Side).Distinct());
        Assert.Equal(["whole_lung", "lung_field", "ggo", "consolidation", "lesion"], report.Volumetrics.Take(5).Select(v => v.Class));
        Assert.Equal(36, report.Volumetrics.Single(v => v.Side == "right" && v.Class == "ggo").VolumeMl, 9);
        Assert.Equal("succeeded", report.LatestRun.Status);
        Assert.Equal(report.Latest.RunId, report.LatestRun.RunId);
        Assert.Null(report.LatestRun.Permanent);
    }

    [Fact]
    public async Task GetStudyAsync_NoLungRun_FindingNoLungInRowJsonAndCsv()
    {
        string study = Seed.Uid();
        await stack.Runs.SaveSucceededAsync(Seed.Run(study, study + ".8", "no-lung", Seed.Sha(8), null, 0, 0, 0)
            with { Finding = TinyUNet.Contracts.LungFinding.NoLung }, None);

        StudyReport? report = await queries.GetStudyAsync(study, None);

        Assert.Equal(StudyReportRow.NoLung, report?.Latest?.LungFinding);
        Assert.Null(report?.Latest?.OpacityPercent);
        Assert.Contains("\"lungFinding\":\"no_lung\"", System.Text.Json.JsonSerializer.Serialize(report, ReportJson.Options).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("no_lung", ReportColumns.Export.Single(c => c.Header == "lung_finding").Value(report!.Latest!));
        Assert.Equal(ReportColumns.NoLungText, ReportColumns.Table.Single(c => c.Header == "Lung mL").Value(report.Latest!));
    }

    [Fact]
    public async Task GetStudyAsync_FailedAfterSuccess_LatestSuccessAndFailedStatus()
    {
        string study = Seed.Uid();
        await stack.Runs.SaveSucceededAsync(Seed.Run(study, study + ".7", "fail-after", Seed.Sha(7), null, 900, 9, 0), None);
        await Seed.FailAsync(stack.Writer, study, permanent: true, "No CT series in the study.");

        StudyReport? report = await queries.GetStudyAsync(study, None);
        StudyLatestRunRow? status = await queries.GetLatestRunAsync(study, None);

        Assert.Equal("fail-after", report?.Latest?.ModelName);
        Assert.Equal("failed", report?.LatestRun.Status);
        Assert.Equal(status, report?.LatestRun);
        Assert.True(status?.Permanent);
        Assert.Equal("No CT series in the study.", status?.Error);
        Assert.Null(status?.SeriesInstanceUid);
    }

    [Fact]
    public async Task GetStudyAsync_Unknown_Null()
    {
        Assert.Null(await queries.GetStudyAsync(Seed.Uid(), None));
        Assert.Null(await queries.GetLatestRunAsync(Seed.Uid(), None));
    }

    [Fact]
    public async Task GetStudyAsync_MalformedUid_RefusedBeforeTheDatabase()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => queries.GetStudyAsync("1.2'; --", None));
    }

    [Fact]
    public async Task StudyCsv_AwkwardModelName_RoundTripsThroughRfc4180()
    {
        const string awkward = "tiny \"unet\", v2\r\nsecond line";
        string study = Seed.Uid();
        await stack.Runs.SaveSucceededAsync(Seed.Run(study, study + ".7", awkward, Seed.Sha(8), new DateOnly(2026, 5, 6), 1000, 125, 0), None);
        using var text = new StringWriter();

        long rows = await StudyCsv.WriteAsync(text, queries.StreamCohortAsync(new CohortFilter { ModelName = awkward }, CohortSort.StudyDate, None), None);

        List<string[]> records = Csv.Parse(text.ToString());
        Assert.Equal(1, rows);
        Assert.Equal(2, records.Count);
        var row = records[0].Zip(records[1]).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(awkward, row["model_name"]);
        Assert.Equal(study, row["study_instance_uid"]);
        Assert.Equal("2026-05-06", row["study_date"]);
        Assert.Equal("12.5", row["opacity_percent"]);
        Assert.Equal("false", row["incomplete_coverage"]);
    }
}
