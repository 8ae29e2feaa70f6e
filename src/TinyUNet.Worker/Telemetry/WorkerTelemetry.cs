using System.Diagnostics;
using System.Diagnostics.Metrics;
using TinyUNet.Contracts;

namespace TinyUNet.Worker.Telemetry;

/// <summary>
/// The worker's own metrics and traces, both named <see cref="Name"/>: studies by outcome, stage durations, queue
/// latency and failed attempts; one activity per study with a child per finished stage. Stage activities are made from
/// the run's recorded timings when the attempt ends, so the service and pipeline carry no instrumentation. Activity
/// tags are UIDs and the run id only (the outcome is the activity's status), never patient attributes.
/// </summary>
public sealed class WorkerTelemetry : IDisposable
{
    public const string Name = "TinyUNet.Worker";
    public const string StudiesInstrument = "tinyunet.worker.studies";
    public const string StageDurationInstrument = "tinyunet.worker.stage.duration";
    public const string QueueLatencyInstrument = "tinyunet.worker.queue.latency";
    public const string FailuresInstrument = "tinyunet.worker.failures";

    private readonly ActivitySource source = new(Name);
    private readonly Counter<long> studies;
    private readonly Histogram<double> stageDuration;
    private readonly Histogram<double> queueLatency;
    private readonly Counter<long> failures;

    public WorkerTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(Name);
        studies = meter.CreateCounter<long>(StudiesInstrument, "{study}", "Studies finished, by outcome (succeeded, failed, already_existed).");
        stageDuration = meter.CreateHistogram<double>(StageDurationInstrument, "ms", "Duration of each finished stage of a study.");
        queueLatency = meter.CreateHistogram<double>(QueueLatencyInstrument, "ms", "From a command's sending to the start of its first attempt.");
        failures = meter.CreateCounter<long>(FailuresInstrument, "{attempt}", "Failed attempts, retried ones included.");
    }

    /// <summary>
    /// Starts the study's activity (under MassTransit's consume activity); the first attempt records queue latency (not
    /// a redelivery, whose wait is mostly its retry queue's pause).
    /// </summary>
    public Activity? StartStudy(SegmentStudy command, RunProgress progress, DateTime? sentTime, bool firstAttempt)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(progress);
        if (firstAttempt && sentTime is { } sent)
            queueLatency.Record(Math.Max(0, (progress.StartedAt - new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc))).TotalMilliseconds));
        Activity? activity = source.StartActivity("SegmentStudy", ActivityKind.Internal);
        activity?.SetTag("tinyunet.study_instance_uid", command.StudyInstanceUid);
        activity?.SetTag("tinyunet.run_id", progress.RunId.ToString());
        return activity;
    }

    public void Succeeded(Activity? activity, RunProgress progress, bool alreadyExisted)
    {
        Finish(activity, progress);
        string outcome = alreadyExisted ? "already_existed" : "succeeded";
        studies.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        activity?.SetStatus(ActivityStatusCode.Ok, outcome);
    }

    /// <summary>An attempt failed. A permanent failure ends the study; a transient one ends it only in <see cref="GaveUp"/>.</summary>
    public void AttemptFailed(Activity? activity, RunProgress progress, Exception exception, bool permanent)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Finish(activity, progress);
        string type = exception.GetType().Name;
        failures.Add(1, new KeyValuePair<string, object?>("permanent", permanent), new KeyValuePair<string, object?>("error.type", type));
        if (permanent) studies.Add(1, new KeyValuePair<string, object?>("outcome", "failed"), new KeyValuePair<string, object?>("permanent", true));
        // The exception type only: its message may quote a source path.
        activity?.SetStatus(ActivityStatusCode.Error, type);
    }

    /// <summary>A transient failure outlasted every retry.</summary>
    public void GaveUp() =>
        studies.Add(1, new KeyValuePair<string, object?>("outcome", "failed"), new KeyValuePair<string, object?>("permanent", false));

    /// <summary>Cancelled by shutdown: the message goes back to the queue, so no outcome is counted.</summary>
    public void Abandoned(Activity? activity, RunProgress progress)
    {
        Finish(activity, progress);
        activity?.SetStatus(ActivityStatusCode.Error, "abandoned at shutdown");
    }

    private void Finish(Activity? activity, RunProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.SeriesInstanceUid is { } series) activity?.SetTag("tinyunet.series_instance_uid", series);
        foreach (StageTiming stage in progress.Stages)
        {
            stageDuration.Record(stage.Milliseconds, new KeyValuePair<string, object?>("stage", stage.Stage));
            if (activity is null) continue;
            using Activity? child = source.StartActivity(stage.Stage, ActivityKind.Internal, activity.Context, startTime: stage.Start);
            child?.SetTag("tinyunet.run_id", progress.RunId.ToString());
            child?.SetEndTime(stage.Start.AddMilliseconds(stage.Milliseconds).UtcDateTime);
        }
    }

    public void Dispose() => source.Dispose();
}
