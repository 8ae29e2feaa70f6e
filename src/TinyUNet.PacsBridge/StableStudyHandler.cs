using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.Contracts;
using TinyUNet.Messaging;
using TinyUNet.PacsBridge.Configuration;
using TinyUNet.PacsBridge.Internal;
using TinyUNet.PacsBridge.Orthanc;
using TinyUNet.Storage;

namespace TinyUNet.PacsBridge;

/// <summary>
/// One StableStudy change: look the study up, apply <see cref="SeriesFilter"/>, send SegmentStudy when a series
/// qualifies. Returns whether it sent; throws when Orthanc or the broker fails (the caller retries the same change).
/// Orthanc declares a study stable again when instances arrive after it was stable, the worker's own SEG included: a
/// study whose qualifying series (UIDs and instance counts, <see cref="SeriesFingerprint"/>) are the ones it was last
/// sent with is skipped; new CT instances or a new CT series send it again. The fingerprint is recorded after the
/// broker confirmed the send, so a stop in between can only send once more (the worker skips that), never lose a study.
/// </summary>
internal sealed class StableStudyHandler(OrthancClient orthanc, SeriesFilter filter, ISegmentStudySender sender,
    BridgeSentStudyStore sentStudies, IOptions<BridgeOptions> bridge, IOptions<OrthancOptions> pacs,
    ILogger<StableStudyHandler> logger)
{
    public const string CorrelationScope = "orthanc-change";
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The command's correlation id: the same study and change always give the same id, so a replay is recognisable.</summary>
    public static Guid CorrelationId(string studyInstanceUid, long changeSeq) =>
        CorrelationIds.From(CorrelationScope, studyInstanceUid, changeSeq.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task<bool> HandleAsync(OrthancChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        string? studyUid = await orthanc.GetStudyInstanceUidAsync(change.ID, cancellationToken);
        IReadOnlyList<OrthancSeries>? series = studyUid is null ? null : await orthanc.GetSeriesAsync(change.ID, cancellationToken);
        if (studyUid is null || series is null)
        {
            Log.StudyGone(logger, change.ID, change.Seq);
            return false;
        }
        if (DicomUidSyntax.Problem(studyUid) is { } problem)
        {
            Log.BadStudyUid(logger, change.ID, change.Seq, problem);
            return false;
        }
        IReadOnlyList<OrthancSeries> qualifying = filter.Qualifying(series);
        if (qualifying.Count == 0)
        {
            Log.NoQualifyingSeries(logger, studyUid, change.ID, change.Seq, series.Count);
            return false;
        }
        string fingerprint = SeriesFingerprint.Of(qualifying);
        string bridgeName = bridge.Value.Name;
        if (await sentStudies.GetFingerprintAsync(bridgeName, studyUid, cancellationToken) == fingerprint)
        {
            Log.UnchangedStudySkipped(logger, studyUid, change.ID, change.Seq, qualifying.Count);
            return false;
        }
        var command = new SegmentStudy
        {
            CorrelationId = CorrelationId(studyUid, change.Seq),
            StudyInstanceUid = studyUid,
            // One qualifying series is named so the worker cannot pick one the filters rejected; with several, the worker
            // chooses among the study's CT series as usual.
            SeriesInstanceUid = qualifying.Count == 1 && DicomUidSyntax.IsValid(qualifying[0].SeriesInstanceUid)
                ? qualifying[0].SeriesInstanceUid
                : null,
            Source = StudySource.DicomWeb(pacs.Value.DicomWebBaseUrl),
            Priority = StudyPriority.NewStudy,
            Reason = SegmentationReason.NewStudy,
        };
        // Bounded: MassTransit waits for a lost broker indefinitely; a timeout turns that into the loop's back-off and retry
        // (should the broker have taken it after all, the retried command has the same correlation id).
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(SendTimeout);
            try
            {
                await sender.SendAsync(command, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"RabbitMQ did not confirm the command within {SendTimeout.TotalSeconds:F0} s.");
            }
        }
        await sentStudies.RecordAsync(bridgeName, studyUid, fingerprint, change.Seq, cancellationToken);
        Log.StudySent(logger, studyUid, change.ID, change.Seq, command.CorrelationId, qualifying.Count);
        return true;
    }
}
