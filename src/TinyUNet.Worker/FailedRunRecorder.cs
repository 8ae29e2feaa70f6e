using Microsoft.Extensions.Logging;
using TinyUNet.Contracts;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Storage;
using TinyUNet.Worker.Internal;

namespace TinyUNet.Worker;

/// <summary>
/// Writes a failed run for a study. Never throws: the failure being recorded is what matters, so a database that is
/// itself down (or a command whose study UID is not a UID, which must not become a row) is logged and passed over.
/// The write gets <see cref="WriteTimeout"/> at most, so an unreachable database cannot hold the message up for long.
/// </summary>
public sealed class FailedRunRecorder(SegmentationRunStore store, SegmentationModel model, ILogger<FailedRunRecorder> logger)
{
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    public async Task RecordAsync(SegmentStudy command, RunProgress? progress, string error, bool permanent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        // A fault from a worker that sent no progress: the run is recorded as starting now, with no stages.
        progress ??= new RunProgress(DateTimeOffset.UtcNow);
        if (!DicomUidSyntax.IsValid(command.StudyInstanceUid))
        {
            Log.FailureNotRecorded(logger, null, progress.RunId, "the study UID is not a valid UID");
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WriteTimeout);
        try
        {
            await store.SaveFailedAsync(new FailedRunRecord
            {
                RunId = progress.RunId,
                CorrelationId = command.CorrelationId,
                StudyInstanceUid = command.StudyInstanceUid,
                SeriesInstanceUid = progress.SeriesInstanceUid ?? ValidOrNull(command.SeriesInstanceUid),
                FrameOfReferenceUid = progress.FrameOfReferenceUid,
                Reason = command.Reason.ToString(),
                ModelName = model.Manifest.Name,
                ModelVersion = model.Manifest.Version,
                ModelSha256 = model.WeightsSha256,
                Permanent = permanent,
                Error = error,
                Priority = command.Priority,
                SourceDicomWebUrl = command.Source?.DicomWebBaseUrl,
                SourcePath = command.Source?.Path,
                StageMilliseconds = progress.StageMilliseconds,
                StartedAt = progress.StartedAt,
            }, timeout.Token);
        }
        catch (Exception e)
        {
            Log.FailureNotRecorded(logger, e, progress.RunId, e.GetType().Name);
        }
    }

    private static string? ValidOrNull(string? uid) => DicomUidSyntax.IsValid(uid) ? uid : null;
}
