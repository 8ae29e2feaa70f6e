using Microsoft.Extensions.Logging;

namespace TinyUNet.PacsBridge.Internal;

/// <summary>
/// The bridge's log events (ids 3000–3099). Study UIDs, Orthanc ids, change Seqs and correlation ids only: Orthanc's
/// answers carry patient tags, and none of them is ever logged.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "PACS bridge {Bridge} started: polling every {PollIntervalSeconds} s for modalities {Modalities}")]
    public static partial void Started(ILogger logger, string bridge, double pollIntervalSeconds, string modalities);

    [LoggerMessage(3001, LogLevel.Information, "PACS bridge {Bridge} stopped")]
    public static partial void Stopped(ILogger logger, string bridge);

    [LoggerMessage(3002, LogLevel.Information, "No cursor stored for bridge {Bridge}: starting after change {Seq}")]
    public static partial void CursorCreated(ILogger logger, string bridge, long seq);

    [LoggerMessage(3003, LogLevel.Information, "Study {StudyInstanceUid} (Orthanc {OrthancStudyId}, change {Seq}) sent with correlation {CorrelationId}; {QualifyingSeries} qualifying series")]
    public static partial void StudySent(ILogger logger, string studyInstanceUid, string orthancStudyId, long seq, Guid correlationId, int qualifyingSeries);

    [LoggerMessage(3004, LogLevel.Information, "Study {StudyInstanceUid} (Orthanc {OrthancStudyId}, change {Seq}) skipped: none of its {SeriesCount} series qualifies")]
    public static partial void NoQualifyingSeries(ILogger logger, string studyInstanceUid, string orthancStudyId, long seq, int seriesCount);

    [LoggerMessage(3005, LogLevel.Information, "Orthanc study {OrthancStudyId} (change {Seq}) no longer exists; skipped")]
    public static partial void StudyGone(ILogger logger, string orthancStudyId, long seq);

    [LoggerMessage(3006, LogLevel.Warning, "Orthanc study {OrthancStudyId} (change {Seq}) skipped: {Problem}")]
    public static partial void BadStudyUid(ILogger logger, string orthancStudyId, long seq, string problem);

    [LoggerMessage(3007, LogLevel.Warning, "PACS bridge {Bridge}: poll failed ({ConsecutiveFailures} in a row, {ErrorType}: {ErrorMessage}); retrying in {PauseSeconds} s")]
    public static partial void PollFailed(ILogger logger, string bridge, int consecutiveFailures, string errorType, string errorMessage, double pauseSeconds);

    [LoggerMessage(3008, LogLevel.Information, "Study {StudyInstanceUid} (Orthanc {OrthancStudyId}, change {Seq}) skipped: its {QualifyingSeries} qualifying series are unchanged since it was last sent")]
    public static partial void UnchangedStudySkipped(ILogger logger, string studyInstanceUid, string orthancStudyId, long seq, int qualifyingSeries);
}
