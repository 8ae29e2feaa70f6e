using System.Diagnostics;
using OpenTelemetry.Metrics;
using TinyUNet.Contracts;
using TinyUNet.Pipeline;
using TinyUNet.Worker.Telemetry;
using TinyUNet.Worker.Tests.Support;

namespace TinyUNet.Worker.Tests;

/// <summary>What one study leaves in the worker's OpenTelemetry output (in-memory exporters on the fixture's host).</summary>
[Collection(WorkerStackCollection.Name)]
public sealed class TelemetryEndToEndTests(WorkerStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);
    // Every pipeline stage, and the worker's own around it.
    private static readonly string[] Stages = ["Retrieve", .. Enum.GetNames<PipelineStage>(), "Stow", "Store"];

    [Fact]
    public async Task SegmentStudy_Processed_CountedTimedPerStageAndTraced()
    {
        SegmentStudy command = stack.WriteFolderStudy("study-501", seed: 501);
        stack.FlushMetrics();
        long succeededBefore = Sum(WorkerTelemetry.StudiesInstrument, "outcome", "succeeded");
        var stagesBefore = Stages.ToDictionary(s => s, s => Count(WorkerTelemetry.StageDurationInstrument, "stage", s));
        long latencyBefore = Count(WorkerTelemetry.QueueLatencyInstrument, null, null);

        await stack.Events.SendAsync(command, CancellationToken.None);
        StudySegmented segmented = (await stack.Events.SegmentedAsync(command.CorrelationId, 1, Patience))[0];
        stack.FlushMetrics();

        Assert.Equal(succeededBefore + 1, Sum(WorkerTelemetry.StudiesInstrument, "outcome", "succeeded"));
        foreach (string stage in Stages)
            Assert.True(Count(WorkerTelemetry.StageDurationInstrument, "stage", stage) == stagesBefore[stage] + 1, $"stage {stage} not measured once");
        Assert.Equal(latencyBefore + 1, Count(WorkerTelemetry.QueueLatencyInstrument, null, null));

        Activity study = await ActivityAsync(a => a.Source.Name == WorkerTelemetry.Name && a.OperationName == "SegmentStudy"
            && (a.GetTagItem("tinyunet.run_id") as string) == segmented.RunId.ToString());
        Assert.Equal(segmented.SeriesInstanceUid, study.GetTagItem("tinyunet.series_instance_uid"));
        List<Activity> children = [.. Snapshot().Where(a => a.ParentSpanId == study.SpanId && a.Source.Name == WorkerTelemetry.Name)];
        Assert.Equal(Stages.Order(), children.Select(c => c.OperationName).Order());
        Assert.All(children, c => Assert.InRange(c.StartTimeUtc, study.StartTimeUtc, study.StartTimeUtc + study.Duration));
        // Under MassTransit's consume activity, with Npgsql's commands in the same trace.
        await ActivityAsync(a => a.Source.Name == "MassTransit" && a.SpanId == study.ParentSpanId);
        await ActivityAsync(a => a.Source.Name == "Npgsql" && a.TraceId == study.TraceId);
        // Identifiers only: no tag that could carry a patient attribute.
        Assert.All(children.Append(study).SelectMany(a => a.TagObjects), t => Assert.StartsWith("tinyunet.", t.Key, StringComparison.Ordinal));
    }

    private IEnumerable<MetricPoint> Points(string instrument, string? tag, string? value)
    {
        MetricSnapshot? latest = stack.Metrics.Snapshot().LastOrDefault(m => m.Name == instrument);
        if (latest is null) yield break;
        foreach (MetricPoint point in latest.MetricPoints)
        {
            bool matches = tag is null;
            foreach (KeyValuePair<string, object?> t in point.Tags)
                if (t.Key == tag && Equals(t.Value?.ToString(), value)) matches = true;
            if (matches) yield return point;
        }
    }

    private long Sum(string instrument, string tag, string value) => Points(instrument, tag, value).Sum(p => p.GetSumLong());

    private long Count(string instrument, string? tag, string? value) => Points(instrument, tag, value).Sum(p => p.GetHistogramCount());

    private Activity[] Snapshot() => stack.Activities.Snapshot();

    /// <summary>Waits, woken by each export, for an activity matching <paramref name="match"/>.</summary>
    private async Task<Activity> ActivityAsync(Func<Activity, bool> match)
    {
        try
        {
            return (await stack.Activities.WaitUntilAsync(all => all.Any(match), TimeSpan.FromSeconds(10))).First(match);
        }
        catch (TimeoutException)
        {
            Assert.Fail("expected activity not exported");
            throw;
        }
    }
}
