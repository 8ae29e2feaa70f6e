using Microsoft.Extensions.Logging;

namespace TinyUNet.ReportApi.Internal;

/// <summary>The API's log messages (event ids 3000–3099); UIDs only, never patient attributes.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Information, "No montage beside the SEG of series {SeriesInstanceUid} (run {RunId})")]
    public static partial void MontageMissing(ILogger logger, string seriesInstanceUid, Guid runId);

    [LoggerMessage(3002, LogLevel.Warning,
        "SEG of series {SeriesInstanceUid} (run {RunId}) lies outside Storage:OutputRoot; its montage is not served (is the store mounted at the worker's path?)")]
    public static partial void MontageOutsideRoot(ILogger logger, string seriesInstanceUid, Guid runId);

    [LoggerMessage(3003, LogLevel.Warning,
        "Auth:Mode=None: authentication is OFF and every caller can read every report. Only for a closed lab network; set Auth:Mode=Required (the default) with Auth:Authority elsewhere.")]
    public static partial void AuthenticationOff(ILogger logger);

    [LoggerMessage(3010, LogLevel.Warning, "DICOMweb proxy: refused a path that is not a DICOMweb resource ({Length} characters)")]
    public static partial void DicomWebPathRefused(ILogger logger, int length);

    [LoggerMessage(3011, LogLevel.Warning, "DICOMweb proxy: the PACS failed (timed out: {TimedOut}, {ErrorType})")]
    public static partial void DicomWebUpstreamFailed(ILogger logger, bool timedOut, string errorType);

    [LoggerMessage(3012, LogLevel.Warning, "DICOMweb proxy: the PACS's answer ({Bytes} bytes) is larger than Viewer:MaxResponseBytes ({Limit}); not passed on")]
    public static partial void DicomWebAnswerTooLarge(ILogger logger, long bytes, long limit);
}
