using TinyUNet.Dicom.Reading;

namespace TinyUNet.Dicom.Tests.Reading;

public sealed class SelectionTests
{
    [Fact]
    public void Open_MixedFolder_ChoosesTheCtVolumeAndSaysWhyEachOtherWasSkipped()
    {
        using var temp = new TempFolder();
        SeriesFixture.CopySeries(temp, "volume");
        temp.CopyIn([Path.Combine(TestData.Wg04, "REF__CT1_UNC.dcm"), TestData.EnhancedCt, TestData.SegLiver], "others");
        string nonCt = temp.CopyIn([Path.Combine(TestData.Wg04, "REF__CT2_UNC.dcm")], "mr")[0];
        ReferenceTools.Dcmodify(nonCt, ("(0008,0060)", "MR"));

        SeriesSelection selection = new CtSeriesReader().Open([temp.Path]);

        Assert.Equal(20, selection.Chosen.Slices.Count);
        Assert.StartsWith("2.25.", selection.Chosen.SeriesInstanceUid);
        Assert.Contains("the only series", selection.Reason);
        Assert.Contains(selection.Skipped, s => s.SeriesInstanceUid == "1.3.6.1.4.1.5962.1.3.1.1.20040826185059.5457"
                                                 && s.Reason.Contains("fewer than the minimum 10"));
        Assert.Contains(selection.Skipped, s => s.SeriesInstanceUid == "1.3.6.1.4.1.5962.1.3.2.1.20040826185059.5457"
                                                 && s.Reason == "modality MR, not CT");
    }

    [Fact]
    public void Select_DerivedCopy_LosesToOriginalPrimaryWithReason()
    {
        using var temp = new TempFolder();
        SeriesFixture.CopySeries(temp, "original", seriesUid: "1.2.826.0.1.3680043.8.498.1");
        foreach (string f in SeriesFixture.CopySeries(temp, "derived", seriesUid: "1.2.826.0.1.3680043.8.498.2"))
            ReferenceTools.Dcmodify(f, ("(0008,0008)", "DERIVED\\SECONDARY\\AXIAL"));

        SeriesSelection selection = new CtSeriesReader().Open([temp.Path]);

        Assert.Equal("1.2.826.0.1.3680043.8.498.1", selection.Chosen.SeriesInstanceUid);
        var skipped = Assert.Single(selection.Skipped);
        Assert.Equal("1.2.826.0.1.3680043.8.498.2", skipped.SeriesInstanceUid);
        Assert.Contains("not ORIGINAL\\PRIMARY", skipped.Reason);
    }

    [Fact]
    public void Select_TwoOriginalSeries_PrefersMoreSlices()
    {
        using var temp = new TempFolder();
        SeriesFixture.CopySeries(temp, "short", seriesUid: "1.2.826.0.1.3680043.8.498.1", count: 12);
        SeriesFixture.CopySeries(temp, "long", seriesUid: "1.2.826.0.1.3680043.8.498.2");

        SeriesSelection selection = new CtSeriesReader().Open([temp.Path]);

        Assert.Equal("1.2.826.0.1.3680043.8.498.2", selection.Chosen.SeriesInstanceUid);
        Assert.Contains("fewer slices (12)", Assert.Single(selection.Skipped).Reason);
    }

    [Fact]
    public void Select_SagittalSeries_IsSkippedAsNotAxial()
    {
        using var temp = new TempFolder();
        foreach (string f in SeriesFixture.CopySeries(temp, "sagittal", count: 3))
            ReferenceTools.Dcmodify(f, ("(0020,0037)", "0\\1\\0\\0\\0\\-1"));
        var rules = new SeriesSelectionRules { MinSliceCount = 1 };
        var selector = new SeriesSelector(rules, new SeriesGeometryBuilder());

        var error = Assert.Throws<NoSuitableSeriesException>(() =>
            selector.Select(SeriesGrouper.Group(new DicomDiscovery().Discover(temp.Path).Instances)));

        Assert.Contains("not axial: slice normal is 90° from the head–feet axis", Assert.Single(error.Skipped).Reason);
    }

    [Fact]
    public void Select_GeometryFailure_IsASkipReasonNotAChoice()
    {
        using var temp = new TempFolder();
        string[] files = SeriesFixture.CopySeries(temp, "s");
        SeriesFixture.SetPosition(files[3], SeriesFixture.Position(files[2]));

        var error = Assert.Throws<NoSuitableSeriesException>(() => new CtSeriesReader().Open([temp.Path]));

        Assert.Contains("duplicate slice position", Assert.Single(error.Skipped).Reason);
    }

    [Fact]
    public void Open_OnlySingleSlicesAndMultiframe_ThrowsNoSuitableSeriesWithReasons()
    {
        var error = Assert.Throws<NoSuitableSeriesException>(() => new CtSeriesReader().Open([TestData.Wg04, TestData.EnhancedCt]));

        Assert.NotEmpty(error.Skipped);
        Assert.All(error.Skipped, s => Assert.Contains("fewer than the minimum", s.Reason));
        Assert.Contains(error.SkippedFiles, f => f.Error is UnsupportedDicomException);
        Assert.StartsWith("No suitable CT series", error.Message);
    }

    [Fact]
    public void Select_Localizer_IsSkippedByImageType()
    {
        using var temp = new TempFolder();
        foreach (string f in SeriesFixture.CopySeries(temp, "scout", count: 3))
            ReferenceTools.Dcmodify(f, ("(0008,0008)", "ORIGINAL\\PRIMARY\\LOCALIZER"));
        var selector = new SeriesSelector(new SeriesSelectionRules { MinSliceCount = 1 }, new SeriesGeometryBuilder());

        var error = Assert.Throws<NoSuitableSeriesException>(() =>
            selector.Select(SeriesGrouper.Group(new DicomDiscovery().Discover(temp.Path).Instances)));

        Assert.Equal("image type LOCALIZER", Assert.Single(error.Skipped).Reason);
    }
}
