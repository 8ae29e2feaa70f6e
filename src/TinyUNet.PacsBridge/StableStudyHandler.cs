using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.Contracts;
using TinyUNet.Messaging;
using TinyUNet.PacsBridge.Configuration;
using TinyUNet.PacsBridge.Internal;
using TinyUNet.PacsBridge.Orthanc;

namespace TinyUNet.PacsBridge;

/// <summary>
/// One StableStudy change: look the study up, apply <see cref="SeriesFilter"/>, send SegmentStudy when a series
/// qualifies. Returns whether it sent; throws when Orthanc or the broker fails (the caller retries the same change).
/// </summary>
internal sealed class StableStudyHandler(OrthancClient orthanc, SeriesFilter filter, ISegmentStudySender sender,
    IOptions<OrthancOptions> pacs, ILogger<StableStudyHandler> logger)
{
    public const string CorrelationScope = "orthanc-change";

    /// <summary>The command's correlation id: the same study and change always give the same id, so a replay is recognisable.</summary>
    public static Guid CorrelationId(string studyInstanceUid, long changeSeq) =>
        DeterministicGuid.From(CorrelationScope, studyInstanceUid, changeSeq.ToString(System.Globalization.CultureInfo.InvariantCulture));

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
        await sender.SendAsync(command, cancellationToken);
        Log.StudySent(logger, studyUid, change.ID, change.Seq, command.CorrelationId, qualifying.Count);
        return true;
    }
}
