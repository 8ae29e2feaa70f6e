using System.Text.Json;
using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Pipeline.Postprocessing;
using TinyUNet.Pipeline.Volumetrics;
using TinyUNet.TestSupport;
using TinyUNet.TestSupport.Models;

namespace TinyUNet.Pipeline.Tests;

/// <summary>
/// The whole pipeline on real files: a synthetic CT series written with GDCM → a bundle on disk → SEG + JSON, checked
/// with dciodvfy and pydicom. The model is a real TinyU-Net whose weights make it answer "lung field" everywhere, so
/// every number downstream is known exactly without a trained model.
/// </summary>
public sealed class SeriesSegmentationPipelineTests : IDisposable
{
    private const int Rows = 48, Columns = 64, Slices = 10;
    private readonly TempFolder temp = new();

    [Fact]
    public async Task RunAsync_AllLungModel_WritesValidSegAndExactVolumes()
    {
        SyntheticChestCtResult ct = new SyntheticChestCtGenerator().Write(temp.File("ct"),
            new SyntheticChestCtOptions { Rows = Rows, Columns = Columns, Slices = Slices });
        string bundle = AllLungModelBundle.Write(temp.File("model"));
        using SegmentationModel model = SegmentationModel.Load(bundle, new InferenceOptions { Device = "cpu", BatchSize = 4 });
        // The outside-air filter and the lung guard are off: with them, "everything is lung" would no longer mean the whole grid.
        var pipeline = new SeriesSegmentationPipeline(model, new CtSeriesReader(),
            new LungPostprocessor(new LungPostprocessingOptions { OutsideAirBelowHu = null, LungGuardAirBelowHu = null }), new SegmentationWriter());
        // Reported from several threads: decoding runs beside inference and the SEG beside the report's writers.
        var stages = new System.Collections.Concurrent.ConcurrentBag<PipelineStage>();

        SegmentationOutcome outcome = await pipeline.RunAsync(
            new SegmentationRequest([temp.File("ct")], temp.File("out")),
            new SynchronousProgress<PipelineProgress>(p => { if (p.Done == p.Total) stages.Add(p.Stage); }));

        string uid = ct.Series.SeriesInstanceUid;
        Assert.Equal(Path.Combine(temp.File("out"), uid + ".seg.dcm"), outcome.Segmentation.FilePath);
        Assert.Equal(Path.Combine(temp.File("out"), uid + ".volumetrics.json"), outcome.VolumetricsPath);
        Assert.Equal(Path.Combine(temp.File("out"), uid + ".montage.png"), outcome.MontagePath);
        using (SkiaSharp.SKBitmap montage = SkiaSharp.SKBitmap.Decode(outcome.MontagePath))
            Assert.True(montage is { Width: > 0, Height: > 0 }, "the montage is not a decodable PNG");
        Assert.Equal(Enum.GetValues<PipelineStage>(), stages.Distinct().Order());
        Assert.Equal(Enum.GetValues<PipelineStage>(), outcome.StageMilliseconds.Keys);
        // Real starts (stages overlap): decoding begins with inference, everything else after inference ends.
        var start = outcome.StageStartMilliseconds;
        Assert.Equal(outcome.StageMilliseconds.Keys, start.Keys);
        Assert.True(start[PipelineStage.Decode] <= start[PipelineStage.Inference]);
        Assert.True(start[PipelineStage.Postprocess] >= start[PipelineStage.Inference] + outcome.StageMilliseconds[PipelineStage.Inference] - 1);
        Assert.All(outcome.StageMilliseconds.Values, ms => Assert.True(ms >= 0));

        // Every voxel is lung: total lung volume is the whole grid; no lesions; lung touches both end slices.
        VolumetricsReport report = outcome.Volumetrics;
        double gridMl = (double)Rows * Columns * Slices * ct.Series.VoxelVolumeMm3 / 1000;
        Assert.Equal(gridMl, report.Total.LungVolumeMl, 6);
        Assert.Equal(report.Total.LungVolumeMl, report.Right.LungVolumeMl + report.Left.LungVolumeMl, 6);
        // One uniform block has no midline valley and no second component: it goes to one side whole.
        Assert.Contains(gridMl, new[] { report.Right.LungVolumeMl, report.Left.LungVolumeMl });
        Assert.Equal(0, report.Total.LesionVolumeMl);
        Assert.True(report.IncompleteCoverage);
        Assert.Equal(model.WeightsSha256, report.Model.WeightsSha256);
        Assert.Equal(VolumetricsJson.Serialize(report), File.ReadAllText(outcome.VolumetricsPath));

        Dciodvfy.AssertValid(outcome.Segmentation.FilePath);
        AssertSegContentWithPydicom(outcome.Segmentation.FilePath, report, ct);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_AbdominalSeries_NoLungInThisSeriesOnlyWithTheGuard(bool guard)
    {
        // Body, vertebra and bowel gas, no lung; a model that calls every pixel lung, as the real one calls bowel gas.
        new SyntheticChestCtGenerator().Write(temp.File("ct"),
            new SyntheticChestCtOptions { Rows = 64, Columns = 64, Slices = 12, Abdomen = true });
        using SegmentationModel model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("model")),
            new InferenceOptions { Device = "cpu", BatchSize = 4 });
        var options = guard ? new LungPostprocessingOptions() : new LungPostprocessingOptions { LungGuardAirBelowHu = null };
        var pipeline = new SeriesSegmentationPipeline(model, new CtSeriesReader(), new LungPostprocessor(options), new SegmentationWriter());

        SegmentationOutcome outcome = await pipeline.RunAsync(new SegmentationRequest([temp.File("ct")], temp.File("out")));

        VolumetricsReport report = outcome.Volumetrics;
        if (!guard)
        {
            Assert.Equal(TinyUNet.Contracts.LungFinding.LungFound, report.Finding);
            Assert.True(report.Total.LungVolumeMl > 0);
            return;
        }
        Assert.Equal(TinyUNet.Contracts.LungFinding.NoLung, report.Finding);
        Assert.Equal(0, report.Total.LungVolumeMl);
        Assert.Equal(0, report.Total.LesionVolumeMl);
        Assert.Null(report.Total.SeverityScore);
        Assert.Contains("\"finding\": \"no_lung\"", File.ReadAllText(outcome.VolumetricsPath), StringComparison.Ordinal);
        // The SEG stands, valid: its four segments described, each with one empty frame (a SEG needs frames).
        Assert.Equal(4, outcome.Segmentation.NumberOfFrames);
        Dciodvfy.AssertValid(outcome.Segmentation.FilePath);
    }

    [Fact]
    public async Task RunAsync_ThreeLanes_SameMasksInTheSamePlacesAsOneLane()
    {
        // The trained model on a chest phantom: lungs and lesions that change from slice to slice, so a slice written
        // into another's place would show.
        new SyntheticChestCtGenerator().Write(temp.File("ct"), new SyntheticChestCtOptions { Rows = 128, Columns = 128, Slices = 11 });
        string bundle = Path.Combine(LocalStack.RepositoryRoot(), "models", "tinyunet-covid"); // the model the product ships
        var postprocessing = new LungPostprocessingOptions();

        async Task<SegmentationOutcome> Run(int lanes, int batch, string output)
        {
            using SegmentationModel model = SegmentationModel.Load(bundle, new InferenceOptions { Device = "cpu", Lanes = lanes, BatchSize = batch });
            var pipeline = new SeriesSegmentationPipeline(model, new CtSeriesReader(), new LungPostprocessor(postprocessing), new SegmentationWriter());
            return await pipeline.RunAsync(new SegmentationRequest([temp.File("ct")], temp.File(output)));
        }
        SegmentationOutcome oneLane = await Run(lanes: 1, batch: 1, "one");
        SegmentationOutcome threeLanes = await Run(lanes: 3, batch: 2, "three"); // 11 slices: the last batch is short

        Assert.True(oneLane.Volumetrics.Total.LesionVolumeMl > 0, "no lesion found: the comparison would only cover lungs");
        IReadOnlyList<string> frames = PydicomSeg.FrameDigests(oneLane.Segmentation.FilePath);
        Assert.Equal(frames, PydicomSeg.FrameDigests(threeLanes.Segmentation.FilePath));
        Assert.Equal(VolumetricsJson.Serialize(oneLane.Volumetrics),
            VolumetricsJson.Serialize(threeLanes.Volumetrics));
    }

    [Fact]
    public async Task RunAsync_SegmentationUidKey_SameKeySameUidsOtherKeyOtherUids()
    {
        new SyntheticChestCtGenerator().Write(temp.File("ct"), new SyntheticChestCtOptions { Rows = Rows, Columns = Columns, Slices = Slices });
        using SegmentationModel model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("model")), new InferenceOptions { Device = "cpu" });
        var pipeline = new SeriesSegmentationPipeline(model, new CtSeriesReader(),
            new LungPostprocessor(new LungPostprocessingOptions()), new SegmentationWriter());
        Task<SegmentationOutcome> Run(string? key, string output) =>
            pipeline.RunAsync(new SegmentationRequest([temp.File("ct")], temp.File(output)) { SegmentationUidKey = key });

        SegmentationWriteResult first = (await Run("model-a", "a1")).Segmentation;
        SegmentationWriteResult again = (await Run("model-a", "a2")).Segmentation;
        SegmentationWriteResult other = (await Run("model-b", "b")).Segmentation;
        SegmentationWriteResult random = (await Run(null, "r")).Segmentation;

        Assert.Equal((first.SeriesInstanceUid, first.SopInstanceUid), (again.SeriesInstanceUid, again.SopInstanceUid));
        Assert.NotEqual(first.SopInstanceUid, other.SopInstanceUid);
        Assert.NotEqual(first.SeriesInstanceUid, other.SeriesInstanceUid);
        Assert.NotEqual(first.SeriesInstanceUid, first.SopInstanceUid);
        Assert.NotEqual(first.SopInstanceUid, random.SopInstanceUid);
        Dciodvfy.AssertValid(again.FilePath);
    }

    [Fact]
    public async Task RunAsync_FolderWithoutCt_ThrowsNoSuitableSeries()
    {
        Directory.CreateDirectory(temp.File("empty"));
        File.WriteAllText(temp.File("empty/readme.txt"), "not DICOM");
        string bundle = AllLungModelBundle.Write(temp.File("model"));
        using SegmentationModel model = SegmentationModel.Load(bundle, new InferenceOptions { Device = "cpu" });
        var pipeline = new SeriesSegmentationPipeline(model, new CtSeriesReader(),
            new LungPostprocessor(new LungPostprocessingOptions()), new SegmentationWriter());

        await Assert.ThrowsAsync<NoSuitableSeriesException>(() =>
            pipeline.RunAsync(new SegmentationRequest([temp.File("empty")], temp.File("out"))));
        Assert.False(Directory.Exists(temp.File("out")) && Directory.EnumerateFileSystemEntries(temp.File("out")).Any());
    }

    private static void AssertSegContentWithPydicom(string segPath, VolumetricsReport report, SyntheticChestCtResult ct)
    {
        const string script = """
            import sys, json, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            print(json.dumps({"sop": ds.SOPClassUID, "segments": [s.SegmentLabel for s in ds.SegmentSequence],
                              "study": ds.StudyInstanceUID, "desc": ds.SeriesDescription}))
            """;
        using JsonDocument json = JsonDocument.Parse(PyDicom.Run(script, segPath));
        JsonElement root = json.RootElement;
        Dictionary<int, long> voxels = PydicomSeg.VoxelsPerSegment(segPath);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.66.4", root.GetProperty("sop").GetString());
        Assert.Equal(4, root.GetProperty("segments").GetArrayLength());
        Assert.Equal(ct.Series.StudyInstanceUid, root.GetProperty("study").GetString());
        Assert.Contains("NOT FOR CLINICAL USE", root.GetProperty("desc").GetString());
        long rightVoxels = voxels.GetValueOrDefault(1), leftVoxels = voxels.GetValueOrDefault(2);
        double voxelMl = ct.Series.VoxelVolumeMm3 / 1000;
        Assert.Equal(report.Right.LungVolumeMl, rightVoxels * voxelMl, 6);
        Assert.Equal(report.Left.LungVolumeMl, leftVoxels * voxelMl, 6);
        // An all-empty segment may carry one blank frame (the writer keeps every described segment referenced).
        Assert.Equal(0, voxels.GetValueOrDefault(3));
        Assert.Equal(0, voxels.GetValueOrDefault(4));
    }

    [Fact]
    public async Task RunAsync_MontageCannotBeWritten_SegAndVolumetricsKeptAndTheReasonReported()
    {
        SyntheticChestCtResult ct = new SyntheticChestCtGenerator().Write(temp.File("ct"),
            new SyntheticChestCtOptions { Rows = Rows, Columns = Columns, Slices = Slices });
        using SegmentationModel model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("model")),
            new InferenceOptions { Device = "cpu" });
        var pipeline = new SeriesSegmentationPipeline(model, new CtSeriesReader(),
            new LungPostprocessor(new LungPostprocessingOptions()), new SegmentationWriter());
        // A folder where the picture should go: the write fails as it would on a full or read-only disk.
        Directory.CreateDirectory(Path.Combine(temp.File("out"), ct.Series.SeriesInstanceUid + SeriesSegmentationPipeline.MontageSuffix));

        SegmentationOutcome outcome = await pipeline.RunAsync(new SegmentationRequest([temp.File("ct")], temp.File("out")));

        Assert.Null(outcome.MontagePath);
        Assert.False(string.IsNullOrEmpty(outcome.MontageError));
        Assert.True(File.Exists(outcome.Segmentation.FilePath));
        Assert.True(File.Exists(outcome.VolumetricsPath));
    }

    [Fact]
    public async Task RunAsync_SliceThatAbortsTheDecoderAtTheEnd_LeftOutAndTheRestSegmented()
    {
        var (pipeline, model, slices) = PipelineOverSeriesOf(12);
        using (model)
        {
            PoisonSlice.Poison(slices[^1].FilePath);

            SegmentationOutcome outcome = await pipeline.RunAsync(new SegmentationRequest([temp.File("ct")], temp.File("out")));

            SkippedFile refused = Assert.Single(outcome.RefusedSlices);
            Assert.Equal(slices[^1].FilePath, refused.FilePath);
            Assert.Contains("crashed the decoder (signal 6", refused.Reason, StringComparison.Ordinal);
            Assert.Equal(slices.Take(11).Select(s => s.SopInstanceUid), outcome.Selection.Chosen.Slices.Select(s => s.SopInstanceUid));
            Assert.True(File.Exists(outcome.Segmentation.FilePath));
            double gridMl = (double)Rows * Columns * 11 * outcome.Selection.Chosen.VoxelVolumeMm3 / 1000;
            Assert.Equal(gridMl, outcome.Volumetrics.Total.LungVolumeMl, 6);
        }
    }

    [Fact]
    public async Task RunAsync_SliceThatAbortsTheDecoderInTheMiddle_RefusedWithWhyTheRestCannotStand()
    {
        var (pipeline, model, slices) = PipelineOverSeriesOf(12);
        using (model)
        {
            PoisonSlice.Poison(slices[5].FilePath);

            var error = await Assert.ThrowsAsync<DicomReadException>(() =>
                pipeline.RunAsync(new SegmentationRequest([temp.File("ct")], temp.File("out"))));

            Assert.Equal(slices[5].FilePath, error.FilePath);
            Assert.Contains("crashed the decoder (signal 6", error.Reason, StringComparison.Ordinal);
            Assert.Contains("cannot be used without this slice", error.Reason, StringComparison.Ordinal);
            Assert.Contains("missing slice", error.Reason, StringComparison.Ordinal);
            Assert.False(Directory.Exists(temp.File("out")) && Directory.EnumerateFileSystemEntries(temp.File("out")).Any());
        }
    }

    /// <summary>An all-lung pipeline over a written synthetic series; its slices in the order selection sorts them.</summary>
    private (SeriesSegmentationPipeline Pipeline, SegmentationModel Model, IReadOnlyList<Dicom.CtSlice> Slices) PipelineOverSeriesOf(int slices)
    {
        new SyntheticChestCtGenerator().Write(temp.File("ct"), new SyntheticChestCtOptions { Rows = Rows, Columns = Columns, Slices = slices });
        var reader = new CtSeriesReader();
        IReadOnlyList<Dicom.CtSlice> sorted = reader.Open([temp.File("ct")]).Chosen.Slices;
        SegmentationModel model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("model")), new InferenceOptions { Device = "cpu" });
        var pipeline = new SeriesSegmentationPipeline(model, reader,
            new LungPostprocessor(new LungPostprocessingOptions { OutsideAirBelowHu = null, LungGuardAirBelowHu = null }), new SegmentationWriter());
        return (pipeline, model, sorted);
    }

    public void Dispose() => temp.Dispose();
}
