using TinyUNet.Dicom.Reading;

namespace TinyUNet.Dicom.Tests.Reading;

public sealed class GroupingTests
{
    [Fact]
    public void Group_EmptyUidSeries_FormsOneSeriesWithDeterministicGeneratedUidAndWarning()
    {
        SeriesCandidate first = SeriesFixture.SingleCandidate(TestData.EmptyUidSeries);
        SeriesCandidate again = SeriesFixture.SingleCandidate(TestData.EmptyUidSeries);

        Assert.True(first.UidGenerated);
        Assert.Equal(20, first.InstanceCount);
        Assert.StartsWith("2.25.", first.SeriesInstanceUid);
        Assert.True(first.SeriesInstanceUid.Length <= 64);
        Assert.Matches("^2\\.25\\.[1-9][0-9]*$", first.SeriesInstanceUid);
        Assert.Equal(first.SeriesInstanceUid, again.SeriesInstanceUid);
        Assert.Contains(first.Warnings, w => w.Contains("SeriesInstanceUID missing in 20 instance(s)"));
    }

    [Fact]
    public void Build_EmptyUidSeries_SortsByPositionAndMeasuresSpacingFromPositions()
    {
        CtSeries series = new SeriesGeometryBuilder().Build(SeriesFixture.SingleCandidate(TestData.EmptyUidSeries));

        // SliceThickness is 3.0 (overlapping reconstruction); the step between positions is 2.0.
        Assert.Equal(2.0, series.SliceSpacing, 9);
        Assert.Equal((0.9765625, 0.9765625), (series.RowSpacing, series.ColumnSpacing));
        Assert.Equal(new Vector3(0, 0, 1), series.SliceNormal);
        Assert.Equal(-804.5, series.Slices[0].PositionAlongNormal);
        Assert.Equal(-766.5, series.Slices[^1].PositionAlongNormal);
        Assert.All(series.Slices.Zip(series.Slices.Skip(1)), p => Assert.True(p.First.PositionAlongNormal < p.Second.PositionAlongNormal));
        Assert.All(series.Slices, s => Assert.StartsWith("1.3.12.2.1107.5.1.4.60064.", s.SopInstanceUid));
        Assert.StartsWith("2.25.", series.StudyInstanceUid);
        Assert.Equal(series.StudyInstanceUid, series.PatientStudy.StudyInstanceUid);
        Assert.Equal("1.3.12.2.1107.5.1.4.60064.30000022120807274275100000041", series.FrameOfReferenceUid);
    }

    [Fact]
    public void Group_SameFilesUnderOtherFrameOfReference_FormTwoGeneratedSeries()
    {
        using var temp = new TempFolder();
        SeriesFixture.CopySeries(temp, "a", count: 3);
        foreach (string f in SeriesFixture.CopySeries(temp, "b", count: 3))
            ReferenceTools.Dcmodify(f, ("(0020,0052)", "1.2.826.0.1.3680043.8.498.99"));

        var candidates = SeriesGrouper.Group(new DicomDiscovery().Discover(temp.Path).Instances);

        Assert.Equal(2, candidates.Count);
        Assert.All(candidates, c => Assert.Equal(3, c.InstanceCount));
        Assert.NotEqual(candidates[0].SeriesInstanceUid, candidates[1].SeriesInstanceUid);
    }

    [Fact]
    public void Group_DuplicateCopyOfAnInstance_IsKeptOnceWithWarning()
    {
        using var temp = new TempFolder();
        SeriesFixture.CopySeries(temp, "a", count: 3);
        temp.CopyIn(TestData.EmptyUidSeriesFiles.Take(1), "copy");

        SeriesCandidate candidate = SeriesFixture.SingleCandidate(temp.Path);

        Assert.Equal(3, candidate.InstanceCount);
        Assert.Contains(candidate.Warnings, w => w.StartsWith("Duplicate SOP instance"));
    }
}
