using Microsoft.Extensions.Logging;

namespace TinyUNet.Worker.Internal;

/// <summary>The worker's log events (ids 1000–1099). UIDs, run and correlation ids only: never patient attributes.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Segmenting study {StudyInstanceUid} (correlation {CorrelationId}, reason {Reason}, run {RunId})")]
    public static partial void Started(ILogger logger, string studyInstanceUid, Guid correlationId, string reason, Guid runId);

    [LoggerMessage(1001, LogLevel.Information, "Retrieved {InstanceCount} instances of study {StudyInstanceUid} in {Milliseconds} ms (run {RunId})")]
    public static partial void Retrieved(ILogger logger, int instanceCount, string studyInstanceUid, double milliseconds, Guid runId);

    [LoggerMessage(1002, LogLevel.Information, "Series {SeriesInstanceUid} already segmented by model {ModelSha256} in run {ExistingRunId}; nothing new written")]
    public static partial void AlreadySegmented(ILogger logger, string seriesInstanceUid, string modelSha256, Guid existingRunId);

    [LoggerMessage(1003, LogLevel.Information, "Segmented series {SeriesInstanceUid} of study {StudyInstanceUid}: SEG {SegSopInstanceUid}, run {RunId}, {TotalMilliseconds} ms ({Stages})")]
    public static partial void Segmented(ILogger logger, string seriesInstanceUid, string studyInstanceUid, string segSopInstanceUid, Guid runId, double totalMilliseconds, string stages);

    [LoggerMessage(1004, LogLevel.Warning, "Study {StudyInstanceUid} (correlation {CorrelationId}) failed permanently: {Reason}")]
    public static partial void FailedPermanently(ILogger logger, string studyInstanceUid, Guid correlationId, string reason);

    [LoggerMessage(1005, LogLevel.Warning, "Study {StudyInstanceUid} (correlation {CorrelationId}) failed, will be retried: {ErrorType}")]
    public static partial void FailedTransiently(ILogger logger, Exception exception, string studyInstanceUid, Guid correlationId, string errorType);

    [LoggerMessage(1006, LogLevel.Information, "Model {ModelName} {ModelVersion} ({ModelSha256}) loaded on {Device}, {Lanes} lane(s), flip averaging {FlipAveraging}")]
    public static partial void ModelLoaded(ILogger logger, string modelName, string modelVersion, string modelSha256, string device, int lanes,
        string flipAveraging);

    [LoggerMessage(1007, LogLevel.Warning, "Could not remove the work folder of run {RunId}")]
    public static partial void CleanupFailed(ILogger logger, Exception exception, Guid runId);

    [LoggerMessage(1008, LogLevel.Error, "Failed run {RunId} not recorded in the database ({Why}); the failure itself is still reported")]
    public static partial void FailureNotRecorded(ILogger logger, Exception? exception, Guid runId, string why);

    [LoggerMessage(1009, LogLevel.Warning, "Study {StudyInstanceUid} (run {RunId}) abandoned at shutdown; its message returns to the queue")]
    public static partial void Abandoned(ILogger logger, string studyInstanceUid, Guid runId);

    [LoggerMessage(1010, LogLevel.Warning, "Study {StudyInstanceUid} (correlation {CorrelationId}) failed after every retry: {ErrorType}")]
    public static partial void GaveUp(ILogger logger, string studyInstanceUid, Guid correlationId, string errorType);

    [LoggerMessage(1012, LogLevel.Warning, "CPU inference without MALLOC_ARENA_MAX=1 in the environment: about 1.5× slower (see README)")]
    public static partial void SlowAllocatorSetting(ILogger logger);

    [LoggerMessage(1019, LogLevel.Warning, "Series {SeriesInstanceUid} (run {RunId}): slice {File} left out, it could not be decoded ({Why}); the rest of the series was segmented")]
    public static partial void SliceRefused(ILogger logger, string seriesInstanceUid, Guid runId, string file, string why);

    [LoggerMessage(1011, LogLevel.Warning, "Series {SeriesInstanceUid} (run {RunId}): no montage ({Why}); SEG and volumetrics are kept")]
    public static partial void MontageMissing(ILogger logger, string seriesInstanceUid, Guid runId, string why);

    [LoggerMessage(1013, LogLevel.Warning, "No Pseudonymisation:SiteSecret: studies are stored without a patient key, so reports show each as its own patient (see README)")]
    public static partial void NoPatientKeys(ILogger logger);

    [LoggerMessage(1014, LogLevel.Warning, "Removed {Count} orphaned run folder(s) under {WorkRoot} (left by a worker that was killed mid-study)")]
    public static partial void OrphansRemoved(ILogger logger, int count, string workRoot);

    [LoggerMessage(1015, LogLevel.Error, "Could not remove orphaned run folders under {WorkRoot}; the next start tries again")]
    public static partial void OrphanCleanupFailed(ILogger logger, Exception exception, string workRoot);

    [LoggerMessage(1016, LogLevel.Warning, "Study {StudyInstanceUid} has ended {Crashes} worker(s) before (limit {Limit}); trying again")]
    public static partial void StudyCrashedWorkers(ILogger logger, string studyInstanceUid, int crashes, int limit);

    [LoggerMessage(1017, LogLevel.Warning, "Crash-loop ledger unavailable for study {StudyInstanceUid} ({Error}); processing without the guard")]
    public static partial void CrashGuardUnavailable(ILogger logger, string studyInstanceUid, string error);

    [LoggerMessage(1018, LogLevel.Warning, "Retry queues not declared on start: broker unreachable ({Error}); the first redelivery declares them")]
    public static partial void RetryQueuesNotYetDeclared(ILogger logger, string error);

    [LoggerMessage(1020, LogLevel.Information, "Gave memory back between studies: resident {BeforeMb} → {AfterMb} MB (anonymous {AnonymousMb} MB), managed live {LiveMb} MB ({Milliseconds} ms)")]
    public static partial void HeapReleased(ILogger logger, double beforeMb, double afterMb, double anonymousMb, double liveMb, double milliseconds);

    [LoggerMessage(1021, LogLevel.Information, "Matrix products: MKL kernels {MklKernels} (set TINYUNET_MKL_KERNELS=vendor for MKL's own choice){Why}")]
    public static partial void MklKernels(ILogger logger, string mklKernels, string why);

    [LoggerMessage(1022, LogLevel.Information, "CPU memory allocator: {Allocator} (jemalloc where libjemalloc2 is installed; TINYUNET_ALLOCATOR=glibc for glibc's)")]
    public static partial void CpuAllocator(ILogger logger, string allocator);
}
