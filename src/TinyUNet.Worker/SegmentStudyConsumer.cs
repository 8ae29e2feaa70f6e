using MassTransit;
using Microsoft.Extensions.Logging;
using TinyUNet.Contracts;
using TinyUNet.Worker.Internal;
using TinyUNet.Worker.Retrieval;

namespace TinyUNet.Worker;

/// <summary>
/// Thin: command → <see cref="StudySegmentationService"/> → event. A permanent failure is announced as
/// <see cref="StudySegmentationFailed"/> and rethrown, so the definition's retry skips it and the command lands in the
/// error queue with the reason; anything else is rethrown for retry.
/// </summary>
public sealed class SegmentStudyConsumer(StudySegmentationService service, ILogger<SegmentStudyConsumer> logger)
    : IConsumer<SegmentStudy>
{
    public async Task Consume(ConsumeContext<SegmentStudy> context)
    {
        SegmentStudy command = context.Message;
        try
        {
            StudySegmented segmented = await service.ProcessAsync(command, context.CancellationToken);
            await context.Publish(segmented, context.CancellationToken);
        }
        catch (PermanentSegmentationException e)
        {
            Log.FailedPermanently(logger, command.StudyInstanceUid, command.CorrelationId, e.Message);
            await context.Publish(new StudySegmentationFailed
            {
                CorrelationId = command.CorrelationId,
                StudyInstanceUid = command.StudyInstanceUid,
                Reason = e.Message,
                Permanent = true,
            }, context.CancellationToken);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.FailedTransiently(logger, e, command.StudyInstanceUid, command.CorrelationId, e.GetType().Name);
            throw;
        }
    }
}
