using MassTransit;
using TinyUNet.Contracts;
using TinyUNet.Worker.Retrieval;

namespace TinyUNet.Worker;

/// <summary>
/// When a command has used up every retry on a transient failure (MassTransit publishes its Fault), announce it as a
/// non-permanent <see cref="StudySegmentationFailed"/>, so senders learn of it without reading the error queue.
/// Permanent failures are announced by <see cref="SegmentStudyConsumer"/> itself and skipped here.
/// </summary>
public sealed class SegmentStudyFaultConsumer : IConsumer<Fault<SegmentStudy>>
{
    public async Task Consume(ConsumeContext<Fault<SegmentStudy>> context)
    {
        Fault<SegmentStudy> fault = context.Message;
        if (fault.Exceptions.Any(e => e.ExceptionType.EndsWith(nameof(PermanentSegmentationException), StringComparison.Ordinal))) return;
        ExceptionInfo? first = fault.Exceptions.FirstOrDefault();
        await context.Publish(new StudySegmentationFailed
        {
            CorrelationId = fault.Message.CorrelationId,
            StudyInstanceUid = fault.Message.StudyInstanceUid,
            // The exception type and message, not a stack trace: enough to act on, nothing from the images.
            Reason = first is null ? "Failed after all retries." : $"Failed after all retries: {first.ExceptionType}: {first.Message}",
            Permanent = false,
        }, context.CancellationToken);
    }
}
