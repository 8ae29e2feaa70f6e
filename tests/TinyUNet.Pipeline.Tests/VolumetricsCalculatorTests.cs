using TinyUNet.Dicom;
using TinyUNet.Pipeline.Postprocessing;
using TinyUNet.Pipeline.Volumetrics;

namespace TinyUNet.Pipeline.Tests;

public sealed class VolumetricsCalculatorTests
{
    // 20 × 16 × 8 at 0.7 × 0.7 × 2.5 mm: one voxel is 1.225 mm³.
    private const int Columns = 20, Rows = 16, Depth = 8;
    private const double VoxelMl = 0.7 * 0.7 * 2.5 / 1000;
    private static readonly ModelIdentity Model = new("tinyunet-covid", "1.0.0", "tinyunet-miccai2024-v1", new string('a', 64));

    private sealed record Fixture(HuVolume Hu, LungSegmentation Segmentation);

    /// <summary>
    /// Right lung: columns 1–8, rows 2–13, slices 1–6 (576 voxels) with 18 GGO. Left lung: columns 11–18, same
    /// rows and slices (576) with 32 consolidation and 16 GGO. HU varies per voxel so the statistics mean something.
    /// </summary>
    private static Fixture Build(int firstLungSlice = 1)
    {
        CtSeries series = TestSeries.Create(Columns, Rows, Depth);
        var classes = new LabelVolume(Columns, Rows, Depth);
        var sides = new LabelVolume(Columns, Rows, Depth);
        TestSeries.Box(classes, 1, 9, 2, 14, firstLungSlice, 7, (byte)LungClass.LungField);
        TestSeries.Box(sides, 1, 9, 2, 14, firstLungSlice, 7, (byte)LungSide.Right);
        TestSeries.Box(classes, 11, 19, 2, 14, 1, 7, (byte)LungClass.LungField);
        TestSeries.Box(sides, 11, 19, 2, 14, 1, 7, (byte)LungSide.Left);
        TestSeries.Box(classes, 2, 5, 3, 6, 2, 4, (byte)LungClass.GroundGlassOpacity);
        TestSeries.Box(classes, 12, 16, 4, 8, 3, 5, (byte)LungClass.Consolidation);
        TestSeries.Box(classes, 17, 19, 10, 12, 2, 6, (byte)LungClass.GroundGlassOpacity);

        short[] baseHu = [0, -850, -550, -40];
        var slices = Enumerable.Range(0, Depth).Select(s =>
        {
            var pixels = new short[Rows * Columns];
            for (int r = 0; r < Rows; r++)
                for (int c = 0; c < Columns; c++)
                    pixels[r * Columns + c] = (short)(baseHu[classes.Voxels[classes.Index(c, r, s)]] + (c * 31 + r * 17 + s * 7) % 23 * 5);
            return pixels;
        }).ToList();

        var segmentation = new LungSegmentation(classes, sides) { SideSplitMethod = SideSplitMethod.SeparateComponents, LungComponentCount = 2 };
        return new Fixture(new HuVolume(series, slices), segmentation);
    }

    /// <summary>Mean and population std of HU over voxels matching the predicate, by two plain passes.</summary>
    private static (long N, double Mean, double Std) Stats(Fixture f, Func<byte, byte, bool> classAndSide)
    {
        var values = new List<double>();
        for (int s = 0; s < Depth; s++)
            for (int i = 0; i < Rows * Columns; i++)
                if (classAndSide(f.Segmentation.ClassMap.Slice(s)[i], f.Segmentation.SideMap.Slice(s)[i]))
                    values.Add(f.Hu.Slices[s][i]);
        double mean = values.Average();
        return (values.Count, mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count));
    }

    private static VolumetricsReport Compute(Fixture f) =>
        new VolumetricsCalculator().Compute(f.Hu, f.Segmentation, Model, CancellationToken.None);

    [Fact]
    public void Compute_AnisotropicSpacing_VolumesArePerSideVoxelCountsTimesVoxelVolume()
    {
        VolumetricsReport report = Compute(Build());

        Assert.Equal(576 * VoxelMl, report.Right.LungVolumeMl, 9);
        Assert.Equal(18 * VoxelMl, report.Right.GgoVolumeMl, 9);
        Assert.Equal(0, report.Right.ConsolidationVolumeMl);
        Assert.Equal(18 * VoxelMl, report.Right.LesionVolumeMl, 9);
        Assert.Equal((576 - 18) * VoxelMl, report.Right.LungFieldVolumeMl, 9);
        Assert.Equal(576 * VoxelMl, report.Left.LungVolumeMl, 9);
        Assert.Equal(16 * VoxelMl, report.Left.GgoVolumeMl, 9);
        Assert.Equal(32 * VoxelMl, report.Left.ConsolidationVolumeMl, 9);
        Assert.Equal(48 * VoxelMl, report.Left.LesionVolumeMl, 9);
        Assert.Equal(1152 * VoxelMl, report.Total.LungVolumeMl, 9);
        Assert.Equal(66 * VoxelMl, report.Total.LesionVolumeMl, 9);
        Assert.Equal(1.225, report.Geometry.VoxelVolumeMm3, 12);
    }

    [Fact]
    public void Compute_Percentages_AreOfEachRegionsLungVolume()
    {
        VolumetricsReport report = Compute(Build());

        Assert.Equal(100.0 * 18 / 576, report.Right.OpacityPercent!.Value, 9);
        Assert.Equal(0, report.Right.HighOpacityPercent!.Value);
        Assert.Equal(100.0 * 48 / 576, report.Left.OpacityPercent!.Value, 9);
        Assert.Equal(100.0 * 32 / 576, report.Left.HighOpacityPercent!.Value, 9);
        Assert.Equal(100.0 * 66 / 1152, report.Total.OpacityPercent!.Value, 9);
        Assert.Equal(100.0 * 32 / 1152, report.Total.HighOpacityPercent!.Value, 9);
        Assert.Equal(1, report.Right.SeverityScore); // 3.1 %
        Assert.Equal(2, report.Left.SeverityScore);  // 8.3 %
        Assert.Equal(3, report.Total.SeverityScore);
    }

    [Fact]
    public void Compute_HuStatistics_MatchTwoPassComputationPerClassAndSide()
    {
        Fixture f = Build();
        VolumetricsReport report = Compute(f);

        foreach ((RegionVolumetrics region, byte side) in new[] { (report.Right, (byte)1), (report.Left, (byte)2), (report.Total, (byte)0) })
        {
            bool OnSide(byte s) => side == 0 || s == side;
            var expected = new Dictionary<string, Func<byte, byte, bool>>
            {
                ["whole_lung"] = (c, s) => c != 0 && OnSide(s),
                ["lung_field"] = (c, s) => c == 1 && OnSide(s),
                ["ggo"] = (c, s) => c == 2 && OnSide(s),
                ["consolidation"] = (c, s) => c == 3 && OnSide(s),
                ["lesion"] = (c, s) => c >= 2 && OnSide(s),
            };
            Assert.Equal(expected.Keys, region.Classes.Select(c => c.Class));
            foreach (ClassIntensity row in region.Classes)
            {
                if (row.VoxelCount == 0) continue;
                (long n, double mean, double std) = Stats(f, expected[row.Class]);
                Assert.Equal(n, row.VoxelCount);
                Assert.Equal(mean, row.MeanHu!.Value, 6);
                Assert.Equal(std, row.StdHu!.Value, 6);
            }
        }
    }

    [Fact]
    public void Compute_EmptyClass_ExplicitZeroRowWithNullStatistics()
    {
        VolumetricsReport report = Compute(Build());

        ClassIntensity consolidation = Assert.Single(report.Right.Classes, c => c.Class == "consolidation");
        Assert.Equal(0, consolidation.VoxelCount);
        Assert.Equal(0, consolidation.VolumeMl);
        Assert.Null(consolidation.MeanHu);
        Assert.Null(consolidation.StdHu);
        string json = VolumetricsJson.Serialize(report);
        Assert.Contains("\"consolidationVolumeMl\": 0", json);
        Assert.Contains("\"meanHu\": null", json);
    }

    [Fact]
    public void Compute_NoLung_PercentagesAndSeverityNullFindingNoLung()
    {
        Fixture f = Build();
        Array.Clear(f.Segmentation.ClassMap.Voxels);
        Array.Clear(f.Segmentation.SideMap.Voxels);

        VolumetricsReport report = Compute(f);

        Assert.Equal(0, report.Total.LungVolumeMl);
        Assert.Null(report.Total.OpacityPercent);
        Assert.Null(report.Total.SeverityScore);
        Assert.Null(report.Right.SeverityScore);
        Assert.Equal(TinyUNet.Contracts.LungFinding.NoLung, report.Finding);
        Assert.Contains(VolumetricsCalculator.NoLungNote, report.Notes);
        Assert.Contains("\"finding\": \"no_lung\"", VolumetricsJson.Serialize(report));
        Assert.False(report.IncompleteCoverage);
    }

    [Theory]
    [InlineData(1, false, false)]
    [InlineData(0, true, true)]
    public void Compute_LungOnFirstSlice_FlagsIncompleteCoverage(int firstLungSlice, bool first, bool incomplete)
    {
        VolumetricsReport report = Compute(Build(firstLungSlice));

        Assert.Equal(first, report.LungOnFirstSlice);
        Assert.False(report.LungOnLastSlice);
        Assert.Equal(incomplete, report.IncompleteCoverage);
    }

    [Fact]
    public void Compute_LungOnLastSlice_FlagsIncompleteCoverage()
    {
        Fixture f = Build();
        TestSeries.Box(f.Segmentation.ClassMap, 11, 19, 2, 14, Depth - 1, Depth, (byte)LungClass.LungField);
        TestSeries.Box(f.Segmentation.SideMap, 11, 19, 2, 14, Depth - 1, Depth, (byte)LungSide.Left);

        VolumetricsReport report = Compute(f);

        Assert.True(report.LungOnLastSlice);
        Assert.True(report.IncompleteCoverage);
    }

    [Fact]
    public void Serialize_Report_HasUidsAndModelButNoPatientAttributes()
    {
        VolumetricsReport report = Compute(Build());

        string json = VolumetricsJson.Serialize(report);

        Assert.Contains("\"seriesInstanceUid\": \"1.2.3.200\"", json);
        Assert.Contains("\"weightsSha256\": \"" + new string('a', 64) + "\"", json);
        Assert.Contains("\"lungVolumeMl\"", json);
        foreach (string phi in new[] { "Doe", "PID-4711", "19700101", "ACC-99" })
            Assert.DoesNotContain(phi, json);
        VolumetricsReport back = VolumetricsJson.Deserialize(json);
        Assert.Equal(report.Left.OpacityPercent, back.Left.OpacityPercent);
        Assert.Equal(report.Model, back.Model);
    }

    [Fact]
    public void Compute_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Fixture f = Build();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new VolumetricsCalculator().Compute(f.Hu, f.Segmentation, Model, cancelled.Token));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(0.0, 0)]
    [InlineData(0.01, 1)]
    [InlineData(4.99, 1)]
    [InlineData(5.0, 2)]
    [InlineData(25.0, 2)]
    [InlineData(25.01, 3)]
    [InlineData(49.99, 3)]
    [InlineData(50.0, 4)]
    [InlineData(75.0, 4)]
    [InlineData(75.01, 5)]
    [InlineData(100.0, 5)]
    public void Score_PanBands_PerLung(double? percent, int expected) =>
        Assert.Equal(expected, PanSeverityBands.Score(percent));
}
