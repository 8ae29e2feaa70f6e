using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using TinyUNet.Contracts;
using TinyUNet.Worker.Internal;
using TinyUNet.Worker.Retrieval;
using TinyUNet.Worker.Telemetry;

namespace TinyUNet.Worker;

/// <summary>
/// Thin: command → <see cref="StudySegmentationService"/> → event. A permanent failure is recorded as a failed run,
/// announced as <see cref="StudySegmentationFailed"/> and rethrown, so the definition's retry skips it and the command
/// lands in the error queue with the reason. A transient one is rethrown for retry with the run's progress attached:
/// in the worker first, then through a retry queue on the broker (<see cref="SegmentStudyConsumerDefinition"/>);
/// <see cref="SegmentStudyFaultConsumer"/> records it once all of them run out. Cancelled by shutdown: rethrown as
/// cancellation of the consume context, which MassTransit answers by returning the message to the queue.
/// </summary>
public sealed class SegmentStudyConsumer(
    StudySegmentationService service,
    FailedRunRecorder failures,
    CrashLoopGuard guard,
    WorkerTelemetry telemetry,
    TimeProvider time,
    ILogger<SegmentStudyConsumer> logger) : IConsumer<SegmentStudy>
{
    public async Task Consume(ConsumeContext<SegmentStudy> context)
    {
        SegmentStudy command = context.Message;
        var progress = new RunProgress(time.GetUtcNow());
        using Activity? activity = telemetry.StartStudy(command, progress, context.SentTime,
            firstAttempt: context.GetRetryAttempt() == 0 && context.GetRedeliveryCount() == 0);
        try
        {
            // Before any work: a study that has already ended CrashLimit workers goes to the error queue, not into this one.
            await guard.StartAsync(context, cancellationToken: context.CancellationToken);
            StudySegmented segmented = await service.ProcessAsync(command, progress, context.CancellationToken);
            telemetry.Succeeded(activity, progress, segmented.AlreadyExisted);
            await context.Publish(segmented, context.CancellationToken);
            await guard.FinishAsync(context);
        }
        catch (PermanentSegmentationException e)
        {
            telemetry.AttemptFailed(activity, progress, e, permanent: true);
            Log.FailedPermanently(logger, command.StudyInstanceUid, command.CorrelationId, e.Message);
            await failures.RecordAsync(command, progress, e.Message, permanent: true, context.CancellationToken);
            await context.Publish(new StudySegmentationFailed
            {
                CorrelationId = command.CorrelationId,
                StudyInstanceUid = command.StudyInstanceUid,
                Reason = e.Message,
                Permanent = true,
            }, context.CancellationToken);
            await guard.FinishAsync(context);
            throw;
        }
        catch (OperationCanceledException e) when (context.CancellationToken.IsCancellationRequested)
        {
            telemetry.Abandoned(activity, progress);
            Log.Abandoned(logger, command.StudyInstanceUid, progress.RunId);
            // Handed back at shutdown is not a crash: the next worker starts the count afresh.
            await guard.FinishAsync(context);
            // MassTransit returns the message to the queue only for the context's own token; a stage may have thrown
            // with a linked one.
            if (e.CancellationToken == context.CancellationToken) throw;
            throw new OperationCanceledException(e.Message, e, context.CancellationToken);
        }
        catch (Exception e)
        {
            telemetry.AttemptFailed(activity, progress, e, permanent: false);
            Log.FailedTransiently(logger, e, command.StudyInstanceUid, command.CorrelationId, e.GetType().Name);
            // The fault then reports e itself (type, message) and carries the progress as its exception data.
            throw new MassTransitApplicationException(e, progress.ToFaultData());
        }
    }
}
