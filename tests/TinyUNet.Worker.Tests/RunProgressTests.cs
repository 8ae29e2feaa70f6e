using System.Text.Json;

namespace TinyUNet.Worker.Tests;

public sealed class RunProgressTests
{
    [Fact]
    public void FromFaultData_AfterJsonRoundTrip_SameRunSeriesAndStages()
    {
        var progress = new RunProgress(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero)) { SeriesInstanceUid = "1.2.3.4", FrameOfReferenceUid = "1.2.3.5" };
        progress.AddStage("Retrieve", progress.StartedAt, 12.34);
        progress.AddStage("Inference", progress.StartedAt.AddMilliseconds(12), 100);

        // As a fault travels: serialised, read back as JSON elements rather than strings.
        var data = JsonSerializer.Deserialize<Dictionary<string, object>>(JsonSerializer.Serialize(progress.ToFaultData()));
        RunProgress read = RunProgress.FromFaultData(data)!;

        Assert.Equal((progress.RunId, progress.StartedAt), (read.RunId, read.StartedAt));
        Assert.Equal(("1.2.3.4", "1.2.3.5"), (read.SeriesInstanceUid, read.FrameOfReferenceUid));
        Assert.Equal(progress.Stages, read.Stages);
        Assert.Equal(12.3, read.StageMilliseconds["Retrieve"]);
    }

    [Fact]
    public void FromFaultData_NoneOrForeign_Null()
    {
        Assert.Null(RunProgress.FromFaultData(null));
        Assert.Null(RunProgress.FromFaultData(new Dictionary<string, object> { ["TinyUNet.RunId"] = "not a guid" }));
    }

    [Fact]
    public void StageMilliseconds_RepeatedStage_Summed()
    {
        var progress = new RunProgress(DateTimeOffset.UtcNow);
        progress.AddStage("Stow", progress.StartedAt, 1);
        progress.AddStage("Stow", progress.StartedAt, 2);
        Assert.Equal(3, Assert.Single(progress.StageMilliseconds).Value);
    }
}
