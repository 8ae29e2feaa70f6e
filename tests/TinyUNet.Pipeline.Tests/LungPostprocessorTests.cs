using TinyUNet.Dicom;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Pipeline.Tests;

public sealed class LungPostprocessorTests
{
    // 96 × 40 × 12 at 0.7 × 0.7 × 2.5 mm; two lung boxes 32 columns wide with a 16-column (11 mm) gap.
    private const int Columns = 96, Rows = 40, Depth = 12;
    private const int LowC0 = 8, LowC1 = 40, HighC0 = 56, HighC1 = 88, R0 = 5, R1 = 35, S0 = 2, S1 = 10;
    private const long BoxVoxels = (LowC1 - LowC0) * (R1 - R0) * (S1 - S0);

    private static LungPostprocessor Postprocessor(Connectivity connectivity = Connectivity.Face6) =>
        new(new LungPostprocessingOptions { MinIslandVolumeMl = 0.05, Connectivity = connectivity });

    private static LabelVolume TwoLungs()
    {
        var map = new LabelVolume(Columns, Rows, Depth);
        TestSeries.Box(map, LowC0, LowC1, R0, R1, S0, S1, (byte)LungClass.LungField);
        TestSeries.Box(map, HighC0, HighC1, R0, R1, S0, S1, (byte)LungClass.LungField);
        return map;
    }

    private static long InBox(LabelVolume mask, int c0, int c1) =>
        TestSeries.CountWhere(mask, (c, r, s, v) => v == 1 && c >= c0 && c < c1 && r >= R0 && r < R1 && s >= S0 && s < S1);

    [Fact]
    public void Process_HeadFirstSupine_LowColumnsArePatientRight()
    {
        CtSeries series = TestSeries.Create(Columns, Rows, Depth);

        LungSegmentation result = Postprocessor().Process(TwoLungs(), series, CancellationToken.None);

        Assert.Equal(SideSplitMethod.SeparateComponents, result.SideSplitMethod);
        Assert.Equal(BoxVoxels, InBox(result.RightLung, LowC0, LowC1));
        Assert.Equal(BoxVoxels, result.RightLung.Count(1));
        Assert.Equal(BoxVoxels, InBox(result.LeftLung, HighC0, HighC1));
        Assert.Equal(BoxVoxels, result.LeftLung.Count(1));
        Assert.Equal(BoxVoxels, result.SideMap.Count((byte)LungSide.Right));
        Assert.Equal(2, result.LungComponentCount);
    }

    [Fact]
    public void Process_MirroredRowDirection_SidesFlip()
    {
        CtSeries series = TestSeries.Create(Columns, Rows, Depth, rowDirection: new Vector3(-1, 0, 0));

        LungSegmentation result = Postprocessor().Process(TwoLungs(), series, CancellationToken.None);

        Assert.Equal(BoxVoxels, InBox(result.LeftLung, LowC0, LowC1));
        Assert.Equal(BoxVoxels, InBox(result.RightLung, HighC0, HighC1));
    }

    [Theory]
    [InlineData(1, 1)]   // head first supine: columns run to the patient's left, normal +z
    [InlineData(-1, 1)]  // feet first supine: columns run to the patient's right, normal −z, slices in reverse z
    [InlineData(-1, -1)] // head first prone: columns to the patient's right, rows anterior, normal +z
    public void Process_LungsPlacedInPatientSpace_SideFollowsPatientX(double rowX, double columnY)
    {
        CtSeries series = TestSeries.Create(Columns, Rows, Depth,
            rowDirection: new Vector3(rowX, 0, 0), columnDirection: new Vector3(0, columnY, 0), centreX: 12);
        var map = new LabelVolume(Columns, Rows, Depth);
        for (int s = S0; s < S1; s++)
            for (int r = R0; r < R1; r++)
                for (int c = 0; c < Columns; c++)
                {
                    double x = TestSeries.PatientX(series, c, r, s);
                    if (Math.Abs(x - 12) is > 6 and < 28) map.Voxels[map.Index(c, r, s)] = (byte)LungClass.LungField;
                }

        LungSegmentation result = Postprocessor().Process(map, series, CancellationToken.None);

        long wrong = TestSeries.CountWhere(result.SideMap, (c, r, s, side) =>
            map.Voxels[map.Index(c, r, s)] != 0
            && side != (byte)(TestSeries.PatientX(series, c, r, s) < 12 ? LungSide.Right : LungSide.Left));
        Assert.Equal(0, wrong);
        Assert.True(result.RightLung.Count(1) > 0);
        Assert.Equal(result.RightLung.Count(1), result.LeftLung.Count(1));
    }

    [Fact]
    public void Process_LungsJoinedAtMediastinum_CutAtTheGapBetweenThem()
    {
        CtSeries series = TestSeries.Create(Columns, Rows, Depth);
        LabelVolume map = TwoLungs();
        TestSeries.Box(map, LowC1, HighC0, 18, 20, 5, 7, (byte)LungClass.LungField); // 2 × 2 bridge across the gap

        LungSegmentation result = Postprocessor().Process(map, series, CancellationToken.None);

        Assert.Equal(SideSplitMethod.MidlinePlane, result.SideSplitMethod);
        Assert.Equal(1, result.LungComponentCount);
        Assert.Equal(BoxVoxels, InBox(result.RightLung, LowC0, LowC1));
        Assert.Equal(BoxVoxels, InBox(result.LeftLung, HighC0, HighC1));
        Assert.Equal(2 * BoxVoxels + (HighC0 - LowC1) * 4, result.RightLung.Count(1) + result.LeftLung.Count(1));
        double plane = result.SplitPlaneX!.Value;
        Assert.InRange(plane, TestSeries.PatientX(series, LowC1, 0, 0), TestSeries.PatientX(series, HighC0 - 1, 0, 0));
        Assert.Equal(0, TestSeries.CountWhere(result.SideMap, (c, r, s, side) =>
            side != 0 && side != (byte)(TestSeries.PatientX(series, c, r, s) < plane ? LungSide.Right : LungSide.Left)));
    }

    [Fact]
    public void Process_DiagonalContactOnly_OneComponentUnderFull26TwoUnderFace6()
    {
        CtSeries series = TestSeries.Create(Columns, Rows, Depth);
        var map = new LabelVolume(Columns, Rows, Depth);
        TestSeries.Box(map, 8, 48, R0, R1, 2, 6, (byte)LungClass.LungField);
        TestSeries.Box(map, 48, 88, R0, R1, 6, 10, (byte)LungClass.LungField); // meets the first only along an edge

        Assert.Equal(2, Postprocessor(Connectivity.Face6).Process(map, series, CancellationToken.None).LungComponentCount);
        Assert.Equal(1, Postprocessor(Connectivity.Full26).Process(map, series, CancellationToken.None).LungComponentCount);
    }

    [Fact]
    public void Process_SingleLung_SideFromFieldOfViewCentre()
    {
        CtSeries series = TestSeries.Create(Columns, Rows, Depth);
        var map = new LabelVolume(Columns, Rows, Depth);
        TestSeries.Box(map, HighC0, HighC1, R0, R1, S0, S1, (byte)LungClass.LungField);

        LungSegmentation result = Postprocessor().Process(map, series, CancellationToken.None);

        Assert.Equal(SideSplitMethod.SingleComponent, result.SideSplitMethod);
        Assert.Equal(BoxVoxels, result.LeftLung.Count(1));
        Assert.Equal(0, result.RightLung.Count(1));
    }

    [Fact]
    public void Process_IslandBelowThreshold_RemovedWithItsLesions()
    {
        CtSeries series = TestSeries.Create(Columns, Rows, Depth); // 0.05 mL = 40.8 voxels of 1.225 mm³
        LabelVolume map = TwoLungs();
        TestSeries.Box(map, 44, 47, 0, 3, 0, 4, (byte)LungClass.LungField); // 36 voxels: removed
        TestSeries.Box(map, 45, 46, 1, 2, 1, 2, (byte)LungClass.GroundGlassOpacity);
        TestSeries.Box(map, 44, 48, 36, 40, 0, 3, (byte)LungClass.LungField); // 48 voxels: kept

        LungSegmentation result = Postprocessor().Process(map, series, CancellationToken.None);

        Assert.Equal(1, result.RemovedIslandCount);
        Assert.Equal(36, result.RemovedIslandVoxels);
        Assert.Equal(0, result.ClassMap.Count((byte)LungClass.GroundGlassOpacity));
        Assert.Equal(2 * BoxVoxels + 48, result.ClassMap.Count((byte)LungClass.LungField));
        Assert.Equal(3, result.LungComponentCount);
        Assert.Same(map, result.ClassMap); // cleaned in place
    }

    [Theory]
    [InlineData(Connectivity.Face6, false)]
    [InlineData(Connectivity.Full26, true)]
    public void Process_Lesions_KeptOnlyWhenTouchingLungField(Connectivity connectivity, bool diagonalKept)
    {
        CtSeries series = TestSeries.Create(Columns, Rows, Depth);
        LabelVolume map = TwoLungs();
        TestSeries.Box(map, 10, 14, 10, 14, 4, 6, (byte)LungClass.GroundGlassOpacity);  // inside the low lung: 32
        TestSeries.Box(map, 12, 14, 10, 14, 5, 6, (byte)LungClass.Consolidation);        // inside it, same lesion: 8
        TestSeries.Box(map, 88, 92, 10, 13, 4, 7, (byte)LungClass.Consolidation);        // face contact at column 88: 36
        TestSeries.Box(map, 88, 91, 35, 38, 4, 7, (byte)LungClass.GroundGlassOpacity);   // edge contact only: 27
        TestSeries.Box(map, 0, 4, 0, 4, 0, 2, (byte)LungClass.Consolidation);            // no contact: 32
        TestSeries.Box(map, 44, 52, 36, 40, 0, 2, (byte)LungClass.GroundGlassOpacity);   // no contact: 64

        LungSegmentation result = Postprocessor(connectivity).Process(map, series, CancellationToken.None);

        Assert.Equal(24 + (diagonalKept ? 27 : 0), result.GroundGlassOpacity.Count(1));
        Assert.Equal(8 + 36, result.Consolidation.Count(1));
        Assert.Equal(32 + 64 + (diagonalKept ? 0 : 27), result.RemovedLesionVoxels);
        Assert.Equal(0, result.ClassMap.Voxels[result.ClassMap.Index(0, 0, 0)]);
    }

    [Fact]
    public void Process_NoLung_ReportsNoLungAndEmptyMasks()
    {
        CtSeries series = TestSeries.Create(Columns, Rows, Depth);

        LungSegmentation result = Postprocessor().Process(new LabelVolume(Columns, Rows, Depth), series, CancellationToken.None);

        Assert.Equal(SideSplitMethod.NoLung, result.SideSplitMethod);
        Assert.Null(result.SplitPlaneX);
        Assert.Equal((long)Columns * Rows * Depth, result.SideMap.Count(0));
    }

    [Fact]
    public void Process_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            Postprocessor().Process(TwoLungs(), TestSeries.Create(Columns, Rows, Depth), cancelled.Token));
    }

    [Theory]
    [InlineData(-1, 0.1)]
    [InlineData(5, 0)]
    [InlineData(5, 1.5)]
    public void Constructor_OptionsOutOfRange_Throws(double minIslandMl, double secondLungFraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LungPostprocessor(
            new LungPostprocessingOptions { MinIslandVolumeMl = minIslandMl, SecondLungMinFraction = secondLungFraction }));

    [Fact]
    public void Process_ClassMapNotOnSeriesGrid_Throws() =>
        Assert.Throws<ArgumentException>(() =>
            Postprocessor().Process(new LabelVolume(Columns, Rows, Depth - 1), TestSeries.Create(Columns, Rows, Depth), CancellationToken.None));
}
