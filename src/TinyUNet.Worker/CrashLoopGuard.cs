using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TinyUNet.Contracts;
using TinyUNet.Storage;
using TinyUNet.Worker.Configuration;
using TinyUNet.Worker.Internal;
using TinyUNet.Worker.Retrieval;

namespace TinyUNet.Worker;

/// <summary>
/// Keeps a poison study from taking the fleet down one worker after another. Each delivery's first attempt is
/// counted in <see cref="DeliveryAttemptLedger"/> before work starts and forgotten when the worker lives to see its
/// end, so the count left on a redelivered message is the number of workers its processing has ended (a native abort
/// in a decoder, an out-of-memory kill). A delivery moved to a retry queue after its transient failures is such an end
/// (the definition finishes it there); its return from that queue, same MessageId, is a new delivery, counted afresh. Past <see cref="WorkerOptions.CrashLimit"/> the study is refused as
/// permanent: it lands in the error queue with that reason and the batch goes on. The priority queue stays as it is
/// (a quorum queue's delivery limit would need a queue type without priorities). The ledger is a safeguard, not a
/// dependency: when the database cannot be reached the study is processed unguarded (its results need the database
/// anyway, and that failure has its own handling).
/// </summary>
public sealed class CrashLoopGuard(DeliveryAttemptLedger ledger, IOptions<WorkerOptions> options, ILogger<CrashLoopGuard> logger)
{
    /// <exception cref="PermanentSegmentationException">The study has already ended <see cref="WorkerOptions.CrashLimit"/> workers.</exception>
    public async Task StartAsync(ConsumeContext<SegmentStudy> context, CancellationToken cancellationToken)
    {
        // In-process retries of one delivery are not new starts: the worker that runs them is the one counted. (A return
        // from a retry queue starts again at retry attempt 0, so it is counted.)
        if (context.MessageId is not { } id || context.GetRetryAttempt() > 0) return;
        int unfinished;
        try
        {
            unfinished = await ledger.StartAsync(id, context.Message.StudyInstanceUid, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            Log.CrashGuardUnavailable(logger, context.Message.StudyInstanceUid, e.GetType().Name);
            return;
        }
        int crashes = unfinished - 1;
        if (crashes >= options.Value.CrashLimit)
            throw new PermanentSegmentationException(
                $"Processing this study ended {crashes} workers before it could finish (crash or kill); set aside so it cannot end more. " +
                "Look for a file that aborts the decoder, then re-send it.");
        if (crashes > 0) Log.StudyCrashedWorkers(logger, context.Message.StudyInstanceUid, crashes, options.Value.CrashLimit);
    }

    /// <summary>The delivery ended in a way this worker survived; never throws (a stale row only raises a later count by one).</summary>
    public Task FinishAsync(ConsumeContext<SegmentStudy> context) =>
        context.MessageId is { } id ? FinishAsync(id, context.Message.StudyInstanceUid) : Task.CompletedTask;

    /// <summary>The delivery of message <paramref name="messageId"/> ended in a way a worker survived (its fault, say); never throws.</summary>
    public async Task FinishAsync(Guid messageId, string studyInstanceUid)
    {
        try
        {
            await ledger.FinishAsync(messageId, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            Log.CrashGuardUnavailable(logger, studyInstanceUid, e.GetType().Name);
        }
    }
}
