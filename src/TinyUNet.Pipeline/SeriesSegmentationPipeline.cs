using System.Diagnostics;
using System.Reflection;
using TinyUNet.Dicom;
using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Model;
using TinyUNet.Model.Framing;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Pipeline.Montage;
using TinyUNet.Pipeline.Postprocessing;
using TinyUNet.Pipeline.Preprocessing;
using TinyUNet.Pipeline.Volumetrics;
using static TorchSharp.torch;

namespace TinyUNet.Pipeline;

/// <summary>
/// One CT series from files to outputs: read (discover, select, decode HU — decoding runs ahead of the model in slice
/// order) → preprocess → batched inference → logits to native-resolution classes → outside-air filter, anatomical lung
/// guard (<see cref="LungGuard"/>) and lung postprocessing → DICOM-SEG beside volumetrics, JSON and the study picture, written as &lt;out&gt;/&lt;SeriesInstanceUID&gt;.seg.dcm, .volumetrics.json and .montage.png. The model is loaded once by the caller and
/// shared by every run; runs on one pipeline instance may overlap only outside inference (the model serialises it).
/// </summary>
public sealed class SeriesSegmentationPipeline(
    SegmentationModel model,
    CtSeriesReader reader,
    LungPostprocessor postprocessor,
    SegmentationWriter segmentationWriter)
{
    public const string SegmentationSuffix = ".seg.dcm";
    public const string VolumetricsSuffix = ".volumetrics.json";
    public const string MontageSuffix = ".montage.png";

    private static readonly string SoftwareVersion =
        typeof(SeriesSegmentationPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion ?? "0.0.0";

    private readonly SliceSegmenter segmenter = new(model);
    private readonly ClassIndexMap classIndices = ClassIndexMap.FromManifest(model.Manifest.Classes);
    private readonly VolumetricsCalculator volumetrics = new();
    private readonly MontageRenderer montage = new();

    public SegmentationModel Model => model;

    /// <summary>
    /// Past this resident set (MB) when inference ends, glibc's free heap is given back before postprocessing
    /// (<see cref="CpuAllocatorTuning.ReleaseFreeHeap"/>; a no-op where the CPU tuning is off). The lanes' activations
    /// stay in that heap for the next study's forward passes, but postprocessing and the writers allocate on the
    /// managed heap, so for the rest of the study they are memory held for nothing: about 0.5 GB on two lanes.
    /// The next study faults them in again (slower by up to a second), so a run of one study (the command line) says 0,
    /// the worker its between-studies limit (a study past it would be followed by a release anyway); null = never.
    /// </summary>
    public int? ReleaseHeapAfterInferenceAboveMb { get; init; }

    /// <summary>Discovers the inputs' series and selects the one to segment, from headers only (no pixel decoding).</summary>
    /// <exception cref="NoSuitableSeriesException">No series passes the selection rules.</exception>
    public Task<SeriesSelection> SelectAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken = default) =>
        Task.Run(() => reader.Open(inputs, cancellationToken), cancellationToken);

    public Task<SegmentationOutcome> RunAsync(SegmentationRequest request, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The stages are CPU/GPU bound and synchronous (TorchSharp, GDCM); run them off the caller's thread.
        return Task.Run(() => Run(request, progress, cancellationToken), cancellationToken);
    }

    private SegmentationOutcome Run(SegmentationRequest request, IProgress<PipelineProgress>? progress, CancellationToken ct)
    {
        var clock = new StageClock(progress);

        SeriesSelection selection = request.Selection ?? clock.Time(PipelineStage.Discover, () => reader.Open(request.Inputs, ct));
        var refused = new List<SkippedFile>();
        HuVolume hu;
        LabelVolume classMap;
        while (true)
        {
            try
            {
                (hu, classMap) = DecodeAndInfer(selection.Chosen, clock, progress, ct);
                break;
            }
            catch (DicomReadException e) when (refused.Count < MaxRefusedSlices(selection.Chosen))
            {
                // One slice that cannot be decoded (broken, or it crashed the decoder) need not cost the study: the
                // series is selected again without it, and goes on if it still passes the geometry rules (a slice
                // missing at either end of the stack; inside it only where gaps are allowed).
                refused.Add(new SkippedFile(e.FilePath, e));
                selection = reader.Without(selection, e, ct);
            }
        }
        CtSeries series = selection.Chosen;
        if (ReleaseHeapAfterInferenceAboveMb is int limitMb && CpuAllocatorTuning.ResidentSetBytes() > limitMb * (1L << 20))
            CpuAllocatorTuning.ReleaseFreeHeap();

        LungSegmentation lungs = clock.Time(PipelineStage.Postprocess, () =>
        {
            if (postprocessor.Options.OutsideAirBelowHu is double air) OutsideAirFilter.Apply(classMap, hu, air, ct);
            // Before the lung's own clean-up, so islands and sides are judged on what is left inside the lungs.
            if (postprocessor.Options.LungGuardAirBelowHu is not null) LungGuard.Apply(classMap, hu, postprocessor.Options, ct);
            return postprocessor.Process(classMap, series, ct);
        });

        Directory.CreateDirectory(request.OutputDirectory);
        string basePath = Path.Combine(request.OutputDirectory, series.SeriesInstanceUid);
        // The SEG (the longest writer) and the report's chain (volumetrics → JSON → picture) only read the
        // segmentation: they run side by side.
        Task<SegmentationWriteResult> writingSeg = Task.Run(() => clock.Time(PipelineStage.WriteSegmentation, () => segmentationWriter.Write(
            basePath + SegmentationSuffix, series, SegmentMasks(lungs), WriterOptions(request, series), ct)), ct);
        VolumetricsReport report;
        string volumetricsPath = basePath + VolumetricsSuffix;
        string? montagePath = basePath + MontageSuffix, montageError = null;
        try
        {
            report = clock.Time(PipelineStage.Volumetrics, () => volumetrics.Compute(hu, lungs, ModelIdentity.From(model.Manifest), ct));
            clock.Time(PipelineStage.WriteVolumetrics, () => WriteAtomically(volumetricsPath, VolumetricsJson.Serialize(report)));
            try
            {
                clock.Time(PipelineStage.WriteMontage, () =>
                    WriteAtomically(montagePath, montage.Render(hu, lungs, report, ct).Png));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The picture is a convenience: a drawing failure (a missing native library, a full disk) must not
                // throw away the SEG and volumetrics already written. The caller reports it.
                (montagePath, montageError) = (null, $"{e.GetType().Name}: {e.Message}");
            }
        }
        catch
        {
            // Nothing keeps writing after the run has failed.
            try { writingSeg.Wait(CancellationToken.None); } catch (AggregateException) { }
            throw;
        }
        SegmentationWriteResult seg = writingSeg.GetAwaiter().GetResult();

        var ordered = Enum.GetValues<PipelineStage>().Where(clock.Durations.ContainsKey).ToDictionary(s => s, s => clock.Durations[s]);
        return new SegmentationOutcome(selection, seg, volumetricsPath, report, ordered)
        {
            StageStartMilliseconds = ordered.Keys.ToDictionary(stage => stage, stage => clock.Starts[stage]),
            RefusedSlices = refused,
            MontagePath = montagePath,
            MontageError = montageError,
        };
    }

    /// <summary>Refused slices a series may lose and still be segmented: 5% of it, at least one.</summary>
    private static int MaxRefusedSlices(CtSeries series) => Math.Max(1, series.Slices.Count / 20);

    private (HuVolume Hu, LabelVolume ClassMap) DecodeAndInfer(CtSeries series, StageClock clock,
        IProgress<PipelineProgress>? progress, CancellationToken ct)
    {
        // Decoding runs ahead in slice order while the model works on the slices already read.
        using var decodingStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        clock.Began(PipelineStage.Decode);
        HuDecoding decoding = reader.StartHu(series, SliceProgress(progress, PipelineStage.Decode, series.Slices.Count), decodingStop.Token);
        try
        {
            LabelVolume classMap = clock.Time(PipelineStage.Inference, () => Infer(decoding, series, progress, ct));
            HuVolume hu = decoding.Completion.GetAwaiter().GetResult();
            clock.Took(PipelineStage.Decode, decoding.Duration);
            return (hu, classMap);
        }
        finally
        {
            decodingStop.Cancel(); // a failed or cancelled inference leaves nothing decoding in the background
        }
    }

    private LabelVolume Infer(HuDecoding decoding, CtSeries series, IProgress<PipelineProgress>? progress, CancellationToken ct)
    {
        var classMap = new LabelVolume(series.Columns, series.Rows, decoding.Count);
        InPlaneTransform toModel = InPlaneTransform.ToModel(series.RowDirection.X, series.RowDirection.Y,
            series.ColumnDirection.X, series.ColumnDirection.Y, segmenter.Orientation);
        int batchSize = model.Options.BatchSize, batches = (decoding.Count + batchSize - 1) / batchSize;
        int nextBatch = -1, slicesDone = 0;
        var reporting = new Lock();
        // Each lane takes the next batch in slice order (the order decoding delivers them) until none is left; the
        // batches' outputs are disjoint parts of the class map.
        InferenceLanes.Run(model.Lanes, stop =>
        {
            for (int batch = Interlocked.Increment(ref nextBatch); batch < batches; batch = Interlocked.Increment(ref nextBatch))
            {
                stop.ThrowIfCancellationRequested();
                int start = batch * batchSize, count = Math.Min(batchSize, decoding.Count - start);
                IReadOnlyList<short[]> decoded = decoding.WaitFor(start + count, stop);
                Span<byte> target = classMap.Voxels.AsSpan(start * classMap.SliceLength, count * classMap.SliceLength);
                segmenter.Segment([.. decoded.Skip(start).Take(count)], series.Rows, series.Columns, toModel, target);
                classIndices.Apply(target);
                lock (reporting)
                {
                    slicesDone += count;
                    progress?.Report(new PipelineProgress(PipelineStage.Inference, slicesDone, decoding.Count));
                }
            }
        }, ct);
        return classMap;
    }

    // Read from the side and class maps, not the segmentation's 0/1 masks: four of those would add 315 MB to a
    // 512 × 512 × 300 study.
    private static IReadOnlyList<SegmentMask> SegmentMasks(LungSegmentation lungs) =>
    [
        new(CovidSegments.RightLung, lungs.SideMap, (byte)LungSide.Right),
        new(CovidSegments.LeftLung, lungs.SideMap, (byte)LungSide.Left),
        new(CovidSegments.GroundGlassOpacity, lungs.ClassMap, (byte)LungClass.GroundGlassOpacity),
        new(CovidSegments.Consolidation, lungs.ClassMap, (byte)LungClass.Consolidation),
    ];

    private SegmentationWriterOptions WriterOptions(SegmentationRequest request, CtSeries series) => new()
    {
        SeriesInstanceUid = request.SegmentationUidKey is { } key ? DicomUidGenerator.FromKey($"seg-series/{series.SeriesInstanceUid}/{key}") : null,
        SopInstanceUid = request.SegmentationUidKey is { } k ? DicomUidGenerator.FromKey($"seg-instance/{series.SeriesInstanceUid}/{k}") : null,
        AlgorithmName = model.Manifest.Name,
        // The weights' hash identifies the model exactly; the manifest version is for people.
        AlgorithmVersion = model.WeightsSha256,
        SoftwareVersion = SoftwareVersion,
        AlgorithmParameters = $"model {model.Manifest.Name} {model.Manifest.Version}",
    };

    private static IProgress<int>? SliceProgress(IProgress<PipelineProgress>? progress, PipelineStage stage, int total) =>
        progress is null ? null : new SynchronousProgress<int>(done => progress.Report(new PipelineProgress(stage, done, total)));

    private static void WriteAtomically(string path, string contents) =>
        WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(contents));

    private static void WriteAtomically(string path, byte[] contents)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!,
            $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temporary, contents);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
