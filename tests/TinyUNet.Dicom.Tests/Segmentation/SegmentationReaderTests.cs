using System.Security.Cryptography;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Dicom.Tests.Support;

namespace TinyUNet.Dicom.Tests.Segmentation;

/// <summary>The reader against dcmqi's reference SEGs (checked frame by frame with pydicom) and its typed errors.</summary>
public sealed class SegmentationReaderTests
{
    public static TheoryData<string, string, int> BinaryReferences => new()
    {
        { "dcmqi/liver.dcm", "dcmqi/ct-3slice", 1 },
        { "dcmqi/partial_overlaps.dcm", "dcmqi/ct-3slice", 5 },
        { "dcmqi/23x38x3/seg/label.seg", "dcmqi/23x38x3/image", 1 },
        { "dcmqi/24x38x3/seg/label.seg", "dcmqi/24x38x3/image", 1 },
    };

    private static string Ref(string relative) => SharedData.Dicom("seg-reference", relative);

    [Theory]
    [MemberData(nameof(BinaryReferences))]
    public void Read_DcmqiBinarySeg_MasksEqualPydicomFrames(string seg, string source, int segments)
    {
        var series = TestSeriesLoader.Load(Ref(source));

        var result = new SegmentationReader().Read(Ref(seg), series);

        Assert.Equal("BINARY", result.SegmentationType);
        Assert.Equal(segments, result.Segments.Count);
        var frames = PySegDump.Read(Ref(seg));
        Assert.Equal(result.NumberOfFrames, frames.Count);
        foreach (var f in frames)
        {
            int slice = series.Slices.ToList().FindIndex(s => s.SopInstanceUid == f.SourceUid);
            var mask = result.Segments.Single(s => s.Segment.Number == f.Segment).Mask.Slice(slice).ToArray();
            Assert.Equal(f.Sha256, Convert.ToHexStringLower(SHA256.HashData(mask)));
        }
        foreach (var s in result.Segments)
            Assert.Equal(frames.Where(f => f.Segment == s.Segment.Number).Sum(f => f.Count), s.Mask.Count(1));
    }

    [Fact]
    public void Read_DcmqiLiver_SegmentDescriptionRead()
    {
        var series = TestSeriesLoader.Load(Ref("dcmqi/ct-3slice"));

        var liver = Assert.Single(new SegmentationReader().Read(Ref("dcmqi/liver.dcm"), series).Segments).Segment;

        Assert.Equal(1, liver.Number);
        Assert.Equal("Liver", liver.Label);
        Assert.False(string.IsNullOrEmpty(liver.Type.Value));
        Assert.False(string.IsNullOrEmpty(liver.Category.Value));
        // dcmqi stores Slicer's liver colour (221, 130, 101); our D65 conversion must agree with it.
        var (r, g, b) = liver.Colour!.Value;
        Assert.True(Math.Abs(r - 221) <= 1 && Math.Abs(g - 130) <= 1 && Math.Abs(b - 101) <= 1, $"{(r, g, b)}");
    }

    [Theory]
    [InlineData("dcmqi/sparse-labelmap-ppv5.dcm")]
    [InlineData("dcmqi/sparse-labelmap-noppv.dcm")]
    public void Read_DcmqiLabelMap_CountsEqualPydicom(string seg)
    {
        var series = TestSeriesLoader.Load(Ref("dcmqi/24x38x3/image"));
        const string script = """
import sys, pydicom, numpy as np
ds = pydicom.dcmread(sys.argv[1])
a = ds.pixel_array
pad = ds.get('PixelPaddingValue')
for s in ds.SegmentSequence:
    inside = (a == s.SegmentNumber)
    if pad is not None: inside &= (a != pad)
    print(s.SegmentNumber, int(inside.sum()))
""";
        var expected = PyDicom.Run(script, Ref(seg)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).ToDictionary(p => int.Parse(p[0]), p => long.Parse(p[1]));

        var result = new SegmentationReader().Read(Ref(seg), series);

        Assert.Equal("LABELMAP", result.SegmentationType);
        Assert.Equal(expected, result.Segments.ToDictionary(s => s.Segment.Number, s => s.Mask.Count(1)));
        Assert.True(expected[1] > 0);
    }

    [Fact]
    public void Read_SourceUidsUnknown_MatchesFramesByPlanePosition()
    {
        var series = TestSeriesLoader.Load(Ref("dcmqi/23x38x3/image"));
        var renamed = series with { Slices = series.Slices.Select((s, i) => s with { SopInstanceUid = $"2.25.{i + 1}" }).ToList() };

        var byUid = new SegmentationReader().Read(Ref("dcmqi/23x38x3/seg/label.seg"), series);
        var byPosition = new SegmentationReader().Read(Ref("dcmqi/23x38x3/seg/label.seg"), renamed);

        Assert.Equal(byUid.Segments[0].Mask.Voxels, byPosition.Segments[0].Mask.Voxels);
        Assert.True(byUid.Segments[0].Mask.Count(1) > 0);
    }

    [Fact]
    public void Read_FrameMatchesNoSlice_ThrowsFrameNotInSource()
    {
        var series = TestSeriesLoader.Load(Ref("dcmqi/23x38x3/image"));
        var moved = series with
        {
            Slices = series.Slices.Select((s, i) => s with
            {
                SopInstanceUid = $"2.25.{i + 1}",
                ImagePositionPatient = s.ImagePositionPatient + new Vector3(0, 0, 1.1),
            }).ToList(),
        };

        var e = Assert.Throws<SegmentationReadException>(() => new SegmentationReader().Read(Ref("dcmqi/23x38x3/seg/label.seg"), moved));
        Assert.Equal(SegmentationReadError.FrameNotInSource, e.Error);
    }

    [Fact]
    public void Read_OtherFrameOfReference_ThrowsFrameOfReferenceMismatch()
    {
        var series = TestSeriesLoader.Load(Ref("dcmqi/24x38x3/image"));

        var e = Assert.Throws<SegmentationReadException>(() => new SegmentationReader().Read(Ref("dcmqi/23x38x3/seg/label.seg"), series));
        Assert.Equal(SegmentationReadError.FrameOfReferenceMismatch, e.Error);
    }

    [Fact]
    public void Read_OtherGridSize_ThrowsGeometryMismatch()
    {
        var series = TestSeriesLoader.Load(Ref("dcmqi/23x38x3/image")) with { Columns = 24 };

        var e = Assert.Throws<SegmentationReadException>(() => new SegmentationReader().Read(Ref("dcmqi/23x38x3/seg/label.seg"), series));
        Assert.Equal(SegmentationReadError.GeometryMismatch, e.Error);
    }

    [Fact]
    public void Read_CtImage_ThrowsNotASegmentation()
    {
        var series = TestSeriesLoader.Load(Ref("dcmqi/23x38x3/image"));

        var e = Assert.Throws<SegmentationReadException>(() => new SegmentationReader().Read(series.Slices[0].FilePath, series));
        Assert.Equal(SegmentationReadError.NotASegmentation, e.Error);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        var series = TestSeriesLoader.Load(Ref("dcmqi/23x38x3/image"));

        Assert.Throws<FileNotFoundException>(() => new SegmentationReader().Read(Ref("dcmqi/no-such.dcm"), series));
    }

    [Fact]
    public void Read_NotDicom_ThrowsMalformed()
    {
        var series = TestSeriesLoader.Load(Ref("dcmqi/23x38x3/image"));

        var e = Assert.Throws<SegmentationReadException>(() => new SegmentationReader().Read(Ref("dcmqi/liver_seg.nrrd"), series));
        Assert.Equal(SegmentationReadError.Malformed, e.Error);
    }
}
