using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.Contracts;
using TinyUNet.Dicom.Reading;
using TinyUNet.Pipeline;
using TinyUNet.Storage;
using TinyUNet.Worker.Configuration;
using TinyUNet.Worker.Internal;
using TinyUNet.Worker.Pacs;
using TinyUNet.Worker.Retrieval;

namespace TinyUNet.Worker;

/// <summary>
/// One command from source to stored result: check for an existing result → retrieve (WADO-RS or a confined folder)
/// → pipeline → SEG to the output store (and PACS) → run + volumetrics in one transaction. Idempotent by (series,
/// model sha256): SEG UIDs are derived from both, so repeating the work rewrites the same SEG, the PACS keeps one
/// object and the database keeps the first run. Permanent input problems surface as <see cref="PermanentSegmentationException"/>.
/// </summary>
public sealed partial class StudySegmentationService(
    SeriesSegmentationPipeline pipeline,
    SegmentationRunStore store,
    DicomWebRetriever retriever,
    StowClient stow,
    IOptions<StorageOptions> storage,
    IOptions<PacsOptions> pacs,
    TimeProvider time,
    ILogger<StudySegmentationService> logger)
{
    public async Task<StudySegmented> ProcessAsync(SegmentStudy command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        Validate(command);
        string sha = pipeline.Model.WeightsSha256;
        var runId = Guid.NewGuid();
        DateTimeOffset started = time.GetUtcNow();
        Log.Started(logger, command.StudyInstanceUid, command.CorrelationId, command.Reason.ToString(), runId);

        // A named series may already be done: answer from the database without fetching anything.
        if (command.SeriesInstanceUid is { } named
            && await store.FindSucceededAsync(named, sha, cancellationToken) is { } existing)
            return Existing(command, existing);

        string work = Path.Combine(storage.Value.WorkRoot, runId.ToString("N"));
        string? input = null;
        try
        {
            var timings = new Dictionary<string, double>();
            var clock = Stopwatch.StartNew();
            input = await RetrieveAsync(command, work, runId, cancellationToken);
            timings["Retrieve"] = Ms(clock);

            SegmentationOutcome outcome = await RunPipelineAsync(command, input, sha, cancellationToken);
            foreach (var (stage, ms) in outcome.StageMilliseconds) timings[stage.ToString()] = ms;
            string series = outcome.Volumetrics.SeriesInstanceUid;
            if (command.SeriesInstanceUid is null && await store.FindSucceededAsync(series, sha, cancellationToken) is { } done)
                return Existing(command, done);

            if (pacs.Value.BaseUri is not null && pacs.Value.StoreSegmentations)
            {
                clock.Restart();
                await stow.StoreAsync(outcome.Segmentation.FilePath, cancellationToken);
                timings["Stow"] = Ms(clock);
            }

            clock.Restart();
            StoredRun stored = await store.SaveSucceededAsync(Record(command, runId, started, outcome, timings), cancellationToken);
            if (stored.AlreadyExisted) return Existing(command, stored);
            timings["Store"] = Ms(clock);
            Log.Segmented(logger, series, command.StudyInstanceUid, stored.SegSopInstanceUid, runId, timings.Values.Sum(),
                string.Join(", ", timings.Select(t => $"{t.Key} {t.Value}")));
            return Event(command, stored, pipeline.Model.Manifest.Name, sha);
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

    private Task<SegmentationOutcome> RunPipelineAsync(SegmentStudy command, string input, string sha, CancellationToken cancellationToken)
    {
        // One folder per study and model: a repeat overwrites its own files, another model never touches them.
        string output = Path.Combine(storage.Value.OutputRoot, command.StudyInstanceUid, sha[..16]);
        return pipeline.RunAsync(new SegmentationRequest([input], output) { SegmentationUidKey = sha }, null, cancellationToken);
    }

    private RunRecord Record(SegmentStudy command, Guid runId, DateTimeOffset started, SegmentationOutcome outcome,
        Dictionary<string, double> timings) => new()
    {
        RunId = runId,
        CorrelationId = command.CorrelationId,
        StudyInstanceUid = outcome.Volumetrics.StudyInstanceUid,
        SeriesInstanceUid = outcome.Volumetrics.SeriesInstanceUid,
        FrameOfReferenceUid = outcome.Volumetrics.FrameOfReferenceUid,
        Reason = command.Reason.ToString(),
        ModelName = pipeline.Model.Manifest.Name,
        ModelVersion = pipeline.Model.Manifest.Version,
        ModelSha256 = pipeline.Model.WeightsSha256,
        SegSeriesInstanceUid = outcome.Segmentation.SeriesInstanceUid,
        SegSopInstanceUid = outcome.Segmentation.SopInstanceUid,
        SegLocation = outcome.Segmentation.FilePath,
        IncompleteCoverage = outcome.Volumetrics.IncompleteCoverage,
        Priority = command.Priority,
        SourceDicomWebUrl = command.Source.DicomWebBaseUrl,
        SourcePath = command.Source.Path,
        StudyDate = DicomDate(outcome.Selection.Chosen.PatientStudy.StudyDate),
        StageMilliseconds = timings,
        StartedAt = started,
        Volumetrics = VolumetricsMapping.ToRows(outcome.Volumetrics),
        Totals = VolumetricsMapping.ToTotals(outcome.Volumetrics),
    };

    private StudySegmented Existing(SegmentStudy command, StoredRun existing)
    {
        Log.AlreadySegmented(logger, existing.SeriesInstanceUid, pipeline.Model.WeightsSha256, existing.RunId);
        return Event(command, existing, pipeline.Model.Manifest.Name, pipeline.Model.WeightsSha256);
    }

    private static StudySegmented Event(SegmentStudy command, StoredRun run, string modelName, string sha) => new()
    {
        CorrelationId = command.CorrelationId,
        StudyInstanceUid = command.StudyInstanceUid,
        SeriesInstanceUid = run.SeriesInstanceUid,
        RunId = run.RunId,
        SegSeriesInstanceUid = run.SegSeriesInstanceUid,
        SegSopInstanceUid = run.SegSopInstanceUid,
        ModelName = modelName,
        ModelSha256 = sha,
        Summary = new VolumeSummary
        {
            LungVolumeMl = run.Totals.LungVolumeMl,
            GgoVolumeMl = run.Totals.GgoVolumeMl,
            ConsolidationVolumeMl = run.Totals.ConsolidationVolumeMl,
            OpacityPercent = run.Totals.OpacityPercent,
            HighOpacityPercent = run.Totals.HighOpacityPercent,
            IncompleteCoverage = run.Totals.IncompleteCoverage,
        },
        AlreadyExisted = run.AlreadyExisted,
    };

    private static void Validate(SegmentStudy command)
    {
        // UIDs become URL and folder names: only DICOM UID syntax gets that far.
        if (!IsUid(command.StudyInstanceUid)) throw new PermanentSegmentationException("StudyInstanceUID is not a valid UID.");
        if (command.SeriesInstanceUid is not null && !IsUid(command.SeriesInstanceUid))
            throw new PermanentSegmentationException("SeriesInstanceUID is not a valid UID.");
        if (command.Source is null || (command.Source.Path is null) == (command.Source.DicomWebBaseUrl is null))
            throw new PermanentSegmentationException("The source must give exactly one of a DICOMweb base URL and a path.");
    }

    private static bool IsUid(string? value) => value is { Length: > 0 and <= 64 } && UidSyntax().IsMatch(value);

    [GeneratedRegex(@"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$")]
    private static partial Regex UidSyntax();

    private static DateOnly? DicomDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out DateOnly date) ? date : null;

    private static double Ms(Stopwatch clock) => Math.Round(clock.Elapsed.TotalMilliseconds, 1);

    private void DeleteWorkFolder(string work, Guid runId)
    {
        try
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CleanupFailed(logger, e, runId);
        }
    }
}
