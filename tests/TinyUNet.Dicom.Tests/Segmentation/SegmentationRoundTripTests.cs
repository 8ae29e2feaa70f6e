using TinyUNet.Dicom.Segmentation;
using TinyUNet.Dicom.Tests.Support;

namespace TinyUNet.Dicom.Tests.Segmentation;

public sealed class SegmentationRoundTripTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(13, 11, 9)]
    [InlineData(40, 33, 15)]
    public void WriteThenRead_SyntheticMasks_IdenticalMasksAndDescriptions(int columns, int rows, int slices)
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"), columns, rows, slices);
        var seg = _temp.File("seg.dcm");
        var written = new SegmentationWriter().Write(seg, truth.Series, masks, SegFixtures.Options);

        var read = new SegmentationReader().Read(seg, truth.Series);

        Assert.Equal(written.SopInstanceUid, read.SopInstanceUid);
        Assert.Equal(written.SeriesInstanceUid, read.SeriesInstanceUid);
        Assert.Equal(masks.Count, read.Segments.Count);
        foreach (var (expected, actual) in masks.Zip(read.Segments))
        {
            Assert.Equal(expected.Mask.Voxels, actual.Mask.Voxels);
            Assert.Equal(expected.Segment with { Colour = null }, actual.Segment with { Colour = null });
            var (r, g, b) = expected.Segment.Colour!.Value;
            var (r2, g2, b2) = actual.Segment.Colour!.Value;
            Assert.True(Math.Abs(r - r2) <= 1 && Math.Abs(g - g2) <= 1 && Math.Abs(b - b2) <= 1, $"{(r, g, b)} vs {(r2, g2, b2)}");
        }
    }

    [Fact]
    public void Read_FractionalCopyOfOurSeg_ThresholdsAtHalfMaximum()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var binary = _temp.File("binary.dcm");
        var fractional = _temp.File("fractional.dcm");
        new SegmentationWriter().Write(binary, truth.Series, masks, SegFixtures.Options);
        // pydicom re-encodes our frames as FRACTIONAL: inside 200/255, outside 100/255 or 0 (both below the half).
        const string script = """
import sys, numpy as np, pydicom
ds = pydicom.dcmread(sys.argv[1])
a = ds.pixel_array.reshape((int(ds.NumberOfFrames), ds.Rows, ds.Columns))
noise = (np.arange(a.size).reshape(a.shape) % 2 == 0)
f = np.where(a == 1, 200, np.where(noise, 100, 0)).astype(np.uint8)
ds.SegmentationType = 'FRACTIONAL'; ds.SegmentationFractionalType = 'PROBABILITY'; ds.MaximumFractionalValue = 255
ds.BitsAllocated = 8; ds.BitsStored = 8; ds.HighBit = 7
b = f.tobytes()
ds.PixelData = b + (b'\0' if len(b) % 2 else b'')
ds.save_as(sys.argv[2])
""";
        PyDicom.Run(script, binary, fractional);

        var read = new SegmentationReader().Read(fractional, truth.Series);

        Assert.Equal("FRACTIONAL", read.SegmentationType);
        Assert.All(masks.Zip(read.Segments), x => Assert.Equal(x.First.Mask.Voxels, x.Second.Mask.Voxels));
    }

    [Fact]
    public void WriteThenRead_HighdicomSourceSeriesWithIrregularSpacing_IdenticalMasksAndValid()
    {
        // The highdicom reference SEGs are not in shared/ (only their source CT is), so we write our own over it.
        var series = TestSeriesLoader.Load(SharedData.Dicom("seg-reference", "highdicom-source-series"));
        var mask = new LabelVolume(series.Columns, series.Rows, series.Slices.Count);
        for (int k = 1; k < mask.Depth; k++)
            for (int r = 3 + k; r < 12; r++)
                for (int c = 2; c < 9 + k; c++) mask.Voxels[mask.Index(c, r, k)] = 1;
        var masks = new[] { new SegmentMask(CovidSegments.RightLung, mask) };
        var seg = _temp.File("seg.dcm");

        var written = new SegmentationWriter().Write(seg, series, masks, SegFixtures.Options);

        Assert.Equal(3, written.NumberOfFrames);
        Dciodvfy.AssertValid(seg);
        Assert.Equal(mask.Voxels, new SegmentationReader().Read(seg, series).Segments[0].Mask.Voxels);
        Assert.Equal(PySegDump.Expected(series, masks), PySegDump.Read(seg));
    }
}
