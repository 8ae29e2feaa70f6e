using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.Contracts;
using TinyUNet.Dicom.Reading;
using TinyUNet.Pipeline;
using TinyUNet.Storage;
using TinyUNet.Worker.Configuration;
using TinyUNet.Worker.Inference;
using TinyUNet.Worker.Internal;
using TinyUNet.Worker.Pacs;
using TinyUNet.Worker.Retrieval;

namespace TinyUNet.Worker;

/// <summary>
/// One command from source to stored result: check for an existing result → retrieve (WADO-RS or a confined folder)
/// → select the series (headers only) and check again → pipeline → SEG to the output store (and PACS) → run +
/// volumetrics in one transaction. Idempotent by (series,
/// model sha256): SEG UIDs are derived from both, so repeating the work rewrites the same SEG, the PACS keeps one
/// object and the database keeps the first run. Permanent input problems surface as <see cref="PermanentSegmentationException"/>.
/// </summary>
public sealed class StudySegmentationService(
    DevicePipelines pipelines,
    SegmentationRunStore store,
    DicomWebRetriever retriever,
    StowClient stow,
    IOptions<StorageOptions> storage,
    IOptions<PacsOptions> pacs,
    IOptions<PseudonymisationOptions> pseudonymisation,
    TimeProvider time,
    ILogger<StudySegmentationService> logger)
{
    /// <summary>
    /// Segments the command's study; <paramref name="progress"/> (run id, start, series, finished stages) is filled in
    /// as it goes, so that a failure can be recorded with what was done before it.
    /// </summary>
    public async Task<StudySegmented> ProcessAsync(SegmentStudy command, RunProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(progress);
        Validate(command);
        string sha = pipelines.Primary.WeightsSha256;
        Guid runId = progress.RunId;
        Log.Started(logger, command.StudyInstanceUid, command.CorrelationId, command.Reason.ToString(), runId);

        // A named series may already be done: answer from the database without fetching anything.
        if (command.SeriesInstanceUid is { } named
            && await store.FindSucceededAsync(named, sha, cancellationToken) is { } existing)
            return Existing(command, existing);

        // Owned while this run lives, deleted when it ends; a worker killed mid-study leaves it to the next start's clean-up.
        RunWorkFolder work = RunWorkFolder.Claim(Path.Combine(storage.Value.WorkRoot, runId.ToString("N")));
        string? input = null;
        try
        {
            input = await TimedAsync(progress, "Retrieve", () => RetrieveAsync(command, work.Path, runId, cancellationToken));

            // One device's pipeline for the rest of the study (all devices run the same weights).
            using DevicePipelines.Lease lease = await pipelines.LeaseAsync(cancellationToken);
            SeriesSegmentationPipeline pipeline = lease.Pipeline;
            // The series is chosen from headers before anything is decoded: a study redelivered or reprocessed with
            // the same weights is answered from the database, without paying for decoding and inference again.
            SeriesSelection selection = await TimedAsync(progress, PipelineStage.Discover.ToString(),
                () => pipeline.SelectAsync([input], cancellationToken));
            string series = selection.Chosen.SeriesInstanceUid;
            progress.SeriesInstanceUid = series;
            progress.FrameOfReferenceUid = selection.Chosen.FrameOfReferenceUid;
            if (command.SeriesInstanceUid is null && await store.FindSucceededAsync(series, sha, cancellationToken) is { } done)
                return Existing(command, done);

            DateTimeOffset pipelineStart = time.GetUtcNow();
            SegmentationOutcome outcome = await RunPipelineAsync(pipeline, command, input, selection, sha, cancellationToken);
            // Stages overlap (decoding beside inference, the SEG beside the report's files): each at its own start.
            foreach (var (stage, ms) in outcome.StageMilliseconds)
                progress.AddStage(stage.ToString(), pipelineStart.AddMilliseconds(outcome.StageStartMilliseconds.GetValueOrDefault(stage)), ms);
            if (outcome.MontageError is { } why) Log.MontageMissing(logger, series, progress.RunId, why);
            foreach (SkippedFile refused in outcome.RefusedSlices)
                Log.SliceRefused(logger, series, progress.RunId, Path.GetRelativePath(input, refused.FilePath), refused.Reason);

            if (pacs.Value.BaseUri is not null && pacs.Value.StoreSegmentations)
                await TimedAsync(progress, "Stow", async () =>
                {
                    await stow.StoreAsync(outcome.Segmentation.FilePath, cancellationToken);
                    return true;
                });

            StoredRun stored = await TimedAsync(progress, "Store",
                () => store.SaveSucceededAsync(Record(command, progress, outcome), cancellationToken));
            if (stored.AlreadyExisted) return Existing(command, stored);
            Log.Segmented(logger, series, command.StudyInstanceUid, stored.SegSopInstanceUid, runId,
                Math.Round(progress.Stages.Sum(s => s.Milliseconds), 1),
                string.Join(", ", progress.Stages.Select(t => $"{t.Stage} {t.Milliseconds}")));
            return Event(command, stored);
        }
        catch (Exception e) when (e is NoSuitableSeriesException or DicomReadException or SeriesGeometryException)
        {
            // The reason travels in events, error-queue headers and logs: paths shown relative to the source (a
            // folder source's path may name the patient), and no inner exception (its message keeps the paths).
            throw new PermanentSegmentationException(input is null ? e.Message : e.Message.Replace(input, "<source>", StringComparison.Ordinal));
        }
        finally
        {
            DeleteWorkFolder(work, runId);
        }
    }

    /// <summary>Runs one stage and records it in the run's progress when it finishes (a failed stage is not recorded).</summary>
    private async Task<T> TimedAsync<T>(RunProgress progress, string stage, Func<Task<T>> body)
    {
        DateTimeOffset start = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        T result = await body();
        progress.AddStage(stage, start, clock.Elapsed.TotalMilliseconds);
        return result;
    }

    private async Task<string> RetrieveAsync(SegmentStudy command, string work, Guid runId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (command.Source.Path is { } path)
            return SourcePathConfinement.Resolve(path, storage.Value.SourceRoots);

        Uri configured = pacs.Value.BaseUri ?? throw new PermanentSegmentationException("No PACS is configured for DICOMweb sources.");
        // Only the configured PACS: a message must not make the worker fetch from (or send credentials to) elsewhere.
        if (!string.Equals(command.Source.DicomWebBaseUrl!.TrimEnd('/') + "/", configured.AbsoluteUri, StringComparison.OrdinalIgnoreCase))
            throw new PermanentSegmentationException("The DICOMweb source is not the configured PACS.");
        string folder = Path.Combine(work, "input");
        int count = await retriever.RetrieveAsync(command.StudyInstanceUid, command.SeriesInstanceUid, folder, cancellationToken);
        Log.Retrieved(logger, count, command.StudyInstanceUid, Ms(clock), runId);
        return folder;
    }

    private Task<SegmentationOutcome> RunPipelineAsync(SeriesSegmentationPipeline pipeline, SegmentStudy command, string input,
        SeriesSelection selection, string sha, CancellationToken cancellationToken)
    {
        // One folder per study and model: a repeat overwrites its own files, another model never touches them.
        string output = Path.Combine(storage.Value.OutputRoot, command.StudyInstanceUid, sha[..16]);
        return pipeline.RunAsync(new SegmentationRequest([input], output) { SegmentationUidKey = sha, Selection = selection }, null,
            cancellationToken);
    }

    private RunRecord Record(SegmentStudy command, RunProgress progress, SegmentationOutcome outcome) => new()
    {
        RunId = progress.RunId,
        CorrelationId = command.CorrelationId,
        StudyInstanceUid = outcome.Volumetrics.StudyInstanceUid,
        SeriesInstanceUid = outcome.Volumetrics.SeriesInstanceUid,
        FrameOfReferenceUid = outcome.Volumetrics.FrameOfReferenceUid,
        Reason = command.Reason.ToString(),
        ModelName = pipelines.Primary.Manifest.Name,
        ModelVersion = pipelines.Primary.Manifest.Version,
        ModelSha256 = pipelines.Primary.WeightsSha256,
        SegSeriesInstanceUid = outcome.Segmentation.SeriesInstanceUid,
        SegSopInstanceUid = outcome.Segmentation.SopInstanceUid,
        SegLocation = outcome.Segmentation.FilePath,
        IncompleteCoverage = outcome.Volumetrics.IncompleteCoverage,
        Finding = outcome.Volumetrics.Finding,
        Priority = command.Priority,
        SourceDicomWebUrl = command.Source.DicomWebBaseUrl,
        SourcePath = command.Source.Path,
        StudyDate = outcome.Selection.Chosen.PatientStudy.StudyDateValue,
        // Only the keyed hash is kept: the PatientID itself goes no further than this line.
        PatientKey = PatientKey.Compute(pseudonymisation.Value.SiteSecret, outcome.Selection.Chosen.PatientStudy.PatientId),
        // The storage stage itself is still running: its time is in the log and the trace, not in the row.
        StageMilliseconds = progress.StageMilliseconds,
        StartedAt = progress.StartedAt,
        Volumetrics = VolumetricsMapping.ToRows(outcome.Volumetrics),
        Totals = VolumetricsMapping.ToTotals(outcome.Volumetrics),
    };

    private StudySegmented Existing(SegmentStudy command, StoredRun existing)
    {
        Log.AlreadySegmented(logger, existing.SeriesInstanceUid, pipelines.Primary.WeightsSha256, existing.RunId);
        return Event(command, existing);
    }

    private StudySegmented Event(SegmentStudy command, StoredRun run) => new()
    {
        CorrelationId = command.CorrelationId,
        StudyInstanceUid = command.StudyInstanceUid,
        SeriesInstanceUid = run.SeriesInstanceUid,
        RunId = run.RunId,
        SegSeriesInstanceUid = run.SegSeriesInstanceUid,
        SegSopInstanceUid = run.SegSopInstanceUid,
        ModelName = pipelines.Primary.Manifest.Name,
        ModelSha256 = pipelines.Primary.WeightsSha256,
        Summary = new VolumeSummary
        {
            LungVolumeMl = run.Totals.LungVolumeMl,
            GgoVolumeMl = run.Totals.GgoVolumeMl,
            ConsolidationVolumeMl = run.Totals.ConsolidationVolumeMl,
            OpacityPercent = run.Totals.OpacityPercent,
            HighOpacityPercent = run.Totals.HighOpacityPercent,
            IncompleteCoverage = run.Totals.IncompleteCoverage,
        },
        Finding = run.Finding,
        AlreadyExisted = run.AlreadyExisted,
    };

    private static void Validate(SegmentStudy command)
    {
        // UIDs become URL and folder names: only DICOM UID syntax gets that far.
        if (!DicomUidSyntax.IsValid(command.StudyInstanceUid)) throw new PermanentSegmentationException("StudyInstanceUID is not a valid UID.");
        if (command.SeriesInstanceUid is not null && !DicomUidSyntax.IsValid(command.SeriesInstanceUid))
            throw new PermanentSegmentationException("SeriesInstanceUID is not a valid UID.");
        if (command.Source is null || (command.Source.Path is null) == (command.Source.DicomWebBaseUrl is null))
            throw new PermanentSegmentationException("The source must give exactly one of a DICOMweb base URL and a path.");
    }

    private static double Ms(Stopwatch clock) => Math.Round(clock.Elapsed.TotalMilliseconds, 1);

    private void DeleteWorkFolder(RunWorkFolder work, Guid runId)
    {
        try
        {
            work.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CleanupFailed(logger, e, runId);
        }
    }
}
