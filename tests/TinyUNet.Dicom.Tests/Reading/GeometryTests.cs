using TinyUNet.Dicom.Reading;

namespace TinyUNet.Dicom.Tests.Reading;

/// <summary>Bad stacks built from copies of the real series, positions edited with dcmodify.</summary>
public sealed class GeometryTests
{
    [Fact]
    public void Build_DuplicatePosition_ThrowsWithReason()
    {
        using var temp = new TempFolder();
        string[] files = SeriesFixture.CopySeries(temp, "s");
        SeriesFixture.SetPosition(files[5], SeriesFixture.Position(files[4]));

        var error = Assert.Throws<SeriesGeometryException>(() => Build(temp.Path));

        Assert.Contains("duplicate slice position", error.Reason);
    }

    [Fact]
    public void Build_MissingSlice_ThrowsUnlessAllowedThenWarns()
    {
        using var temp = new TempFolder();
        string[] files = SeriesFixture.CopySeries(temp, "s");
        File.Delete(files[10]);

        var error = Assert.Throws<SeriesGeometryException>(() => Build(temp.Path));
        Assert.Contains("1 missing slice(s)", error.Reason);

        CtSeries allowed = Build(temp.Path, new SeriesGeometryRules { AllowMissingSlices = true });
        Assert.Equal(19, allowed.Slices.Count);
        Assert.Equal(2.0, allowed.SliceSpacing, 9);
        Assert.Contains(allowed.Warnings, w => w.StartsWith("Gap: 1 missing slice(s)"));
    }

    [Fact]
    public void Build_NonUniformSpacing_ThrowsWithReason()
    {
        using var temp = new TempFolder();
        string[] files = SeriesFixture.CopySeries(temp, "s");
        SeriesFixture.SetPosition(files[10], SeriesFixture.Position(files[10]) + new Vector3(0, 0, 0.8));

        var error = Assert.Throws<SeriesGeometryException>(() => Build(temp.Path));

        Assert.Contains("non-uniform slice spacing", error.Reason);
    }

    [Fact]
    public void Build_SmallPositionJitter_IsAcceptedWithWarning()
    {
        using var temp = new TempFolder();
        string[] files = SeriesFixture.CopySeries(temp, "s");
        SeriesFixture.SetPosition(files[10], SeriesFixture.Position(files[10]) + new Vector3(0, 0, 0.05));

        CtSeries series = Build(temp.Path);

        Assert.Equal(2.0, series.SliceSpacing, 9);
        Assert.Contains(series.Warnings, w => w.StartsWith("Slice spacing varies"));
    }

    [Fact]
    public void Build_GantryTiltShearedPositions_ThrowsWithReason()
    {
        using var temp = new TempFolder();
        string[] files = SeriesFixture.CopySeries(temp, "s");
        // Each slice shifted in y by 0.35 mm per 2 mm step: a ~10° tilted stack under an axial orientation.
        foreach (string f in files)
        {
            Vector3 p = SeriesFixture.Position(f);
            SeriesFixture.SetPosition(f, p + new Vector3(0, (p.Z + 804.5) / 2 * 0.35, 0));
        }

        var error = Assert.Throws<SeriesGeometryException>(() => Build(temp.Path));

        Assert.Contains("not along the slice normal", error.Reason);
        Assert.Contains("gantry tilt", error.Reason);
    }

    [Fact]
    public void Build_MixedMatrixSizes_ThrowsWithReason()
    {
        using var temp = new TempFolder();
        SeriesFixture.CopySeries(temp, "s", seriesUid: "1.2.826.0.1.3680043.8.498.7", count: 3);
        temp.CopyIn([Path.Combine(TestData.Wg04, "REF__CT2_UNC.dcm")], "s");
        ReferenceTools.Dcmodify(Path.Combine(temp.Path, "s", "REF__CT2_UNC.dcm"), ("(0020,000e)", "1.2.826.0.1.3680043.8.498.7"),
            ("(0020,0052)", "1.3.12.2.1107.5.1.4.60064.30000022120807274275100000041"), ("(0028,0010)", "256"));

        var error = Assert.Throws<SeriesGeometryException>(() => Build(temp.Path));

        Assert.Contains("mixed", error.Reason);
        Assert.Equal("1.2.826.0.1.3680043.8.498.7", error.SeriesInstanceUid);
    }

    private static CtSeries Build(string folder, SeriesGeometryRules? rules = null) =>
        new SeriesGeometryBuilder(rules ?? new SeriesGeometryRules()).Build(SeriesFixture.SingleCandidate(folder));
}
