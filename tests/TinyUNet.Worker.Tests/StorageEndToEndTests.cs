using TinyUNet.Storage;
using TinyUNet.TestSupport;
using TinyUNet.Worker.Tests.Support;

namespace TinyUNet.Worker.Tests;

/// <summary>The run store and migrations on the real PostgreSQL of the local stack.</summary>
[Collection(WorkerStackCollection.Name)]
public sealed class StorageEndToEndTests(WorkerStackFixture stack)
{
    private readonly SegmentationRunStore store = new(stack.Database);

    [Fact]
    public async Task MigrateAsync_SecondTime_AppliesNothingAndNothingPending()
    {
        var migrator = new DatabaseMigrator(stack.Database);
        Assert.Empty(await migrator.MigrateAsync(CancellationToken.None));
        Assert.Empty(await migrator.PendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SaveSucceededAsync_NewModel_AddsRunKeepsHistoryAndReportShowsLatest()
    {
        string study = "1.2.826.0.1.3680043.10.1", series = "1.2.826.0.1.3680043.10.1.1";
        string modelA = new('a', 64), modelB = new('b', 64);

        StoredRun first = await store.SaveSucceededAsync(Run(study, series, modelA, lungMl: 1000), CancellationToken.None);
        // The second run must finish later by the database's clock (study_reports orders by finished_at = now()): wait
        // until that clock has passed the first row's time, rather than for a while on ours.
        await Poll.UntilAsync(async () => await ScalarAsync("SELECT clock_timestamp() > finished_at FROM runs WHERE run_id = $1", first.RunId) is true,
            TimeSpan.FromSeconds(10), "the database clock passed the first run's finished_at");
        StoredRun second = await store.SaveSucceededAsync(Run(study, series, modelB, lungMl: 2000), CancellationToken.None);
        StoredRun repeat = await store.SaveSucceededAsync(Run(study, series, modelA, lungMl: 3000), CancellationToken.None);

        Assert.False(first.AlreadyExisted);
        Assert.False(second.AlreadyExisted);
        Assert.True(repeat.AlreadyExisted);
        Assert.Equal(first.RunId, repeat.RunId);
        Assert.Equal(1000, repeat.Totals.LungVolumeMl);
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM runs WHERE series_instance_uid = $1", series));
        Assert.Equal(second.RunId, await ScalarAsync("SELECT run_id FROM study_reports WHERE study_instance_uid = $1", study));
        Assert.Equal(2000.0, await ScalarAsync("SELECT lung_ml FROM study_reports WHERE study_instance_uid = $1", study));
        Assert.Equal(25.0, await ScalarAsync("SELECT opacity_percent FROM study_reports WHERE study_instance_uid = $1", study));
    }

    [Fact]
    public async Task SaveSucceededAsync_NoLung_StoredReportedAndFoundAgainAsNoLung()
    {
        string study = "1.2.826.0.1.3680043.10.2", series = "1.2.826.0.1.3680043.10.2.1", sha = new('d', 64);

        StoredRun saved = await store.SaveSucceededAsync(Run(study, series, sha, lungMl: 0) with
        {
            Finding = TinyUNet.Contracts.LungFinding.NoLung,
            Totals = new StoredTotals(0, 0, 0, null, null, false),
        }, CancellationToken.None);
        StoredRun? again = await store.FindSucceededAsync(series, sha, CancellationToken.None);

        Assert.Equal(TinyUNet.Contracts.LungFinding.NoLung, saved.Finding);
        Assert.Equal(TinyUNet.Contracts.LungFinding.NoLung, again?.Finding);
        Assert.Equal("no_lung", await ScalarAsync("SELECT lung_finding FROM study_reports WHERE study_instance_uid = $1", study));
    }

    [Fact]
    public async Task SaveSucceededAsync_LungFound_StoredAsLungFound()
    {
        string study = "1.2.826.0.1.3680043.10.3", series = "1.2.826.0.1.3680043.10.3.1";

        await store.SaveSucceededAsync(Run(study, series, new string('e', 64), lungMl: 500), CancellationToken.None);

        Assert.Equal("lung_found", await ScalarAsync("SELECT lung_finding FROM study_reports WHERE study_instance_uid = $1", study));
    }

    [Fact]
    public async Task FindSucceededAsync_UnknownSeries_Null() =>
        Assert.Null(await store.FindSucceededAsync("1.2.3.999", new string('c', 64), CancellationToken.None));

    private static RunRecord Run(string study, string series, string sha, double lungMl) => new()
    {
        RunId = Guid.NewGuid(),
        CorrelationId = Guid.NewGuid(),
        StudyInstanceUid = study,
        SeriesInstanceUid = series,
        FrameOfReferenceUid = series + ".9",
        Reason = "Reprocess",
        ModelName = "m",
        ModelVersion = "1",
        ModelSha256 = sha,
        SegSeriesInstanceUid = series + ".7",
        SegSopInstanceUid = series + ".8",
        SegLocation = "/out/seg.dcm",
        IncompleteCoverage = false,
        StageMilliseconds = new Dictionary<string, double> { ["Inference"] = 1 },
        StartedAt = DateTimeOffset.UtcNow,
        Volumetrics =
        [
            new("total", "whole_lung", 100, lungMl, 100, -800, 10),
            new("total", "ggo", 20, lungMl / 4, 25, -500, 10),
            new("total", "consolidation", 0, 0, 0, null, null),
            new("total", "lesion", 20, lungMl / 4, 25, -500, 10),
        ],
        Totals = new StoredTotals(lungMl, lungMl / 4, 0, 25, 0, false),
    };

    private async Task<object?> ScalarAsync(string sql, object parameter)
    {
        await using var command = stack.Database.CreateCommand(sql);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = parameter });
        return await command.ExecuteScalarAsync();
    }
}
