using System.Globalization;
using System.Text.Json;

namespace TinyUNet.Worker;

/// <summary>
/// What one attempt at a study has got to so far: its run id and start, the series once known, the stages finished.
/// The consumer keeps it so that a failure can be recorded (and measured) with whatever was done before it; for a
/// transient failure it travels in the fault (as exception data) to <see cref="SegmentStudyFaultConsumer"/>.
/// </summary>
public sealed class RunProgress(DateTimeOffset startedAt)
{
    private const string Prefix = "TinyUNet.";
    private readonly List<StageTiming> stages = [];

    public Guid RunId { get; private init; } = Guid.NewGuid();
    public DateTimeOffset StartedAt { get; private init; } = startedAt;
    public string? SeriesInstanceUid { get; set; }
    public string? FrameOfReferenceUid { get; set; }
    public IReadOnlyList<StageTiming> Stages => stages;

    public IReadOnlyDictionary<string, double> StageMilliseconds =>
        stages.GroupBy(s => s.Stage).ToDictionary(g => g.Key, g => g.Sum(s => s.Milliseconds));

    public void AddStage(string stage, DateTimeOffset start, double milliseconds) =>
        stages.Add(new StageTiming(stage, start, Math.Round(milliseconds, 1)));

    /// <summary>Plain strings only: the fault is serialised, and whatever reads it back sees no .NET types.</summary>
    public IReadOnlyDictionary<string, object> ToFaultData()
    {
        var data = new Dictionary<string, object>
        {
            [Prefix + nameof(RunId)] = RunId.ToString(),
            [Prefix + nameof(StartedAt)] = StartedAt.ToString("O", CultureInfo.InvariantCulture),
            [Prefix + nameof(Stages)] = JsonSerializer.Serialize(stages),
        };
        if (SeriesInstanceUid is not null) data[Prefix + nameof(SeriesInstanceUid)] = SeriesInstanceUid;
        if (FrameOfReferenceUid is not null) data[Prefix + nameof(FrameOfReferenceUid)] = FrameOfReferenceUid;
        return data;
    }

    /// <summary>The progress a fault carried, or null when it carried none (a fault from an older worker).</summary>
    public static RunProgress? FromFaultData(IDictionary<string, object>? data)
    {
        string? Get(string key) => data is not null && data.TryGetValue(Prefix + key, out object? value) ? value?.ToString() : null;
        if (!Guid.TryParse(Get(nameof(RunId)), out Guid runId)
            || !DateTimeOffset.TryParse(Get(nameof(StartedAt)), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset started))
            return null;
        var progress = new RunProgress(started)
        {
            RunId = runId,
            SeriesInstanceUid = Get(nameof(SeriesInstanceUid)),
            FrameOfReferenceUid = Get(nameof(FrameOfReferenceUid)),
        };
        if (Get(nameof(Stages)) is { } json && JsonSerializer.Deserialize<List<StageTiming>>(json) is { } read)
            progress.stages.AddRange(read);
        return progress;
    }
}

/// <summary>One finished stage of a run: retrieval, a pipeline stage, STOW or storage.</summary>
public sealed record StageTiming(string Stage, DateTimeOffset Start, double Milliseconds);
