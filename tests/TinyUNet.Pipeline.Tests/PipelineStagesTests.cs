using TinyUNet.Dicom;
using TinyUNet.Model.Bundles;
using TinyUNet.Pipeline.Postprocessing;
using TinyUNet.Pipeline.Preprocessing;
using TinyUNet.Pipeline.Volumetrics;
using static TorchSharp.torch;

namespace TinyUNet.Pipeline.Tests;

/// <summary>The stages chained as the worker chains them, with a stand-in for the network.</summary>
public sealed class PipelineStagesTests
{
    [Fact]
    public void Stages_ThresholdStandIn_ProduceTwoLungsWithTheirOpacities()
    {
        // 64 × 32 × 6, air outside the lungs = −1000 would be "lung" for a threshold, so the body is soft tissue (40 HU).
        const int columns = 64, rows = 32, depth = 6;
        CtSeries series = TestSeries.Create(columns, rows, depth);
        var truth = new LabelVolume(columns, rows, depth);
        TestSeries.Box(truth, 4, 28, 4, 28, 1, 5, (byte)LungClass.LungField);
        TestSeries.Box(truth, 36, 60, 4, 28, 1, 5, (byte)LungClass.LungField);
        TestSeries.Box(truth, 8, 16, 8, 16, 2, 4, (byte)LungClass.GroundGlassOpacity);
        TestSeries.Box(truth, 40, 44, 8, 12, 2, 3, (byte)LungClass.Consolidation);
        short[] huOf = [40, -850, -500, 0];
        var hu = new HuVolume(series, Enumerable.Range(0, depth)
            .Select(s => truth.Slice(s).ToArray().Select(v => huOf[v]).ToArray()).ToList());
        var spec = new InputSpec(16, 32, [new ChannelPreprocessing(-600, 1500)]);
        var preprocessor = new SlicePreprocessor(spec);
        var logitsStage = new LogitsPostprocessor(ClassIndexMap.Identity);
        var classMap = new LabelVolume(columns, rows, depth);

        for (int start = 0; start < depth; start += 4)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(4, depth - start);
            Tensor input = preprocessor.Preprocess(hu, start, count);
            Assert.Equal(new long[] { count, 1, 16, 32 }, input.shape);
            // Stand-in network: windowed intensity → one score per class, peaking at each class's windowed HU.
            double Centre(short h) => (Math.Clamp((int)h, -1350, 150) + 1350) / 1500.0;
            Tensor logits = stack(huOf.Select(h => (input - Centre(h)).abs().neg().squeeze(1) * 100).ToArray(), dim: 1);
            logitsStage.ToClassIndices(logits, rows, columns).contiguous().bytes
                .CopyTo(classMap.Voxels.AsSpan(start * classMap.SliceLength, count * classMap.SliceLength));
        }
        LungSegmentation segmentation = new LungPostprocessor(new LungPostprocessingOptions { MinIslandVolumeMl = 0.01 })
            .Process(classMap, series, CancellationToken.None);
        VolumetricsReport report = new VolumetricsCalculator().Compute(hu, segmentation,
            new ModelIdentity("stand-in", "0", "none", new string('0', 64)), CancellationToken.None);

        Assert.Equal(SideSplitMethod.SeparateComponents, segmentation.SideSplitMethod);
        Assert.InRange(report.Right.LungVolumeMl, 0.9 * 2304 * 1.225e-3, 1.1 * 2304 * 1.225e-3);
        Assert.InRange(report.Left.LungVolumeMl, 0.9 * 2304 * 1.225e-3, 1.1 * 2304 * 1.225e-3);
        Assert.True(report.Right.GgoVolumeMl > 0 && report.Right.ConsolidationVolumeMl == 0);
        Assert.True(report.Left.ConsolidationVolumeMl > 0 && report.Left.GgoVolumeMl == 0);
        Assert.False(report.IncompleteCoverage);
    }
}
