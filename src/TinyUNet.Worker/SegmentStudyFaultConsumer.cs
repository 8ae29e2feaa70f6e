using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.Contracts;
using TinyUNet.Storage;
using TinyUNet.Worker.Configuration;
using TinyUNet.Worker.Internal;
using TinyUNet.Worker.Retrieval;
using TinyUNet.Worker.Telemetry;

namespace TinyUNet.Worker;

/// <summary>
/// When a command has used up every retry on a transient failure (MassTransit publishes its Fault once, after the
/// last attempt), record the failed run and announce it as a non-permanent <see cref="StudySegmentationFailed"/>, so
/// senders learn of it without reading the error queue. Permanent failures are recorded and announced by
/// <see cref="SegmentStudyConsumer"/> itself and skipped here.
/// </summary>
public sealed class SegmentStudyFaultConsumer(
    FailedRunRecorder failures,
    CrashLoopGuard guard,
    WorkerTelemetry telemetry,
    IOptions<StorageOptions> storage,
    ILogger<SegmentStudyFaultConsumer> logger) : IConsumer<Fault<SegmentStudy>>
{
    public async Task Consume(ConsumeContext<Fault<SegmentStudy>> context)
    {
        Fault<SegmentStudy> fault = context.Message;
        if (fault.Exceptions.Any(e => e.ExceptionType.EndsWith(nameof(PermanentSegmentationException), StringComparison.Ordinal))) return;
        // Every retry ran out in a live worker: no crash to count against this message any more.
        SegmentStudy command = fault.Message;
        if (fault.FaultedMessageId is { } faulted) await guard.FinishAsync(faulted, command.StudyInstanceUid);
        ExceptionInfo? first = fault.Exceptions.FirstOrDefault();
        // The exception type and message, not a stack trace: enough to act on, nothing from the images.
        string reason = first is null
            ? "Failed after all retries."
            : HideSourcePath($"Failed after all retries: {first.ExceptionType}: {first.Message}", command.Source?.Path);
        Log.GaveUp(logger, command.StudyInstanceUid, command.CorrelationId, first?.ExceptionType ?? "unknown");
        telemetry.GaveUp();

        // Recorded before it is announced, so that whoever hears of it finds the row.
        await failures.RecordAsync(command, RunProgress.FromFaultData(first?.Data), reason, permanent: false, context.CancellationToken);
        await context.Publish(new StudySegmentationFailed
        {
            CorrelationId = command.CorrelationId,
            StudyInstanceUid = command.StudyInstanceUid,
            Reason = reason,
            Permanent = false,
        }, context.CancellationToken);
    }

    /// <summary>A folder source's path may name the patient (and I/O errors quote it): shown as &lt;source&gt;.</summary>
    private string HideSourcePath(string reason, string? path)
    {
        if (string.IsNullOrEmpty(path)) return reason;
        try
        {
            reason = reason.Replace(SourcePathConfinement.Resolve(path, storage.Value.SourceRoots), "<source>", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is PermanentSegmentationException or IOException or UnauthorizedAccessException)
        {
            // The folder is gone or refused now: only the path as the command gave it can be hidden.
        }
        return reason.Replace(path, "<source>", StringComparison.Ordinal);
    }
}
