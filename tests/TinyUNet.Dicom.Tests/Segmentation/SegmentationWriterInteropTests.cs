using Reader = gdcm.Reader;
using TinyUNet.Dicom.Gdcm;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Dicom.Tests.Support;

namespace TinyUNet.Dicom.Tests.Segmentation;

/// <summary>Our SEGs as other tools see them: dciodvfy, pydicom (exact pixels), GDCM.</summary>
public sealed class SegmentationWriterInteropTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(13, 11, 9)]
    [InlineData(64, 48, 20)]
    public void Write_SyntheticMasks_PassesDciodvfyWithNoErrors(int columns, int rows, int slices)
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"), columns, rows, slices);
        var seg = _temp.File("seg.dcm");

        new SegmentationWriter().Write(seg, truth.Series, masks, SegFixtures.Options);

        Dciodvfy.AssertValid(seg);
    }

    [Theory]
    [InlineData("dcmqi/ct-3slice")]
    [InlineData("dcmqi/23x38x3/image")]
    [InlineData("highdicom-source-series")]
    [InlineData("highdicom")]
    public void Write_OverReferenceCt_PassesDciodvfyAndPydicomMatches(string source)
    {
        var series = TestSeriesLoader.Load(SharedData.Dicom("seg-reference", source));
        var masks = CovidSegments.All.Select((d, n) =>
        {
            var m = new LabelVolume(series.Columns, series.Rows, series.Slices.Count);
            // A different diagonal band per segment, skipping one slice, so frames differ and one is omitted.
            for (int k = 0; k < m.Depth; k++)
                if (k != n % m.Depth)
                    for (int r = 0; r < m.Rows; r++)
                        for (int c = 0; c < m.Columns; c++)
                            if ((r + c + n) % 5 == 0) m.Voxels[m.Index(c, r, k)] = 1;
            return new SegmentMask(d, m);
        }).ToList();
        var seg = _temp.File("seg.dcm");

        new SegmentationWriter().Write(seg, series, masks, SegFixtures.Options);

        Dciodvfy.AssertValid(seg);
        Assert.Equal(PySegDump.Expected(series, masks), PySegDump.Read(seg));
    }

    [Fact]
    public void Dciodvfy_SegMissingMandatoryAttribute_ReportsError()
    {
        // Guards the validator itself: a check that cannot fail proves nothing.
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var seg = _temp.File("seg.dcm");
        new SegmentationWriter().Write(seg, truth.Series, masks, SegFixtures.Options);
        var (code, _, stderr) = ExternalTool.Run("dcmodify", ["-nb", "-ea", "(0062,0001)", "-ea", "(0020,000d)", seg]);
        Assert.True(code == 0, stderr);

        Assert.NotEmpty(Dciodvfy.Errors(seg, out _));
    }

    [Fact]
    public void Write_OddFrameSize_PydicomUnpacksExactlyOurMasks()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        Assert.NotEqual(0, 13 * 11 % 8);
        var seg = _temp.File("seg.dcm");

        var result = new SegmentationWriter().Write(seg, truth.Series, masks, SegFixtures.Options);

        var expected = PySegDump.Expected(truth.Series, masks);
        var actual = PySegDump.Read(seg);
        Assert.Equal(expected.Count, result.NumberOfFrames);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Write_GdcmReadsBack_AttributesAsWritten()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var seg = _temp.File("seg.dcm");
        var result = new SegmentationWriter().Write(seg, truth.Series, masks, SegFixtures.Options);

        using var scope = new GdcmScope();
        using var reader = new Reader();
        reader.SetFileName(seg);
        Assert.True(reader.Read());
        using var file = reader.GetFile();
        using var header = file.GetHeader();
        using var ts = header.GetDataSetTransferSyntax();
        Assert.Equal("1.2.840.10008.1.2.1", ts.GetString().Trim('\0', ' '));
        using var ds = file.GetDataSet();
        Assert.Equal("1.2.840.10008.5.1.4.1.1.66.4", ds.GetString(DicomTag.SopClassUid));
        Assert.Equal(result.SopInstanceUid, ds.GetString(DicomTag.SopInstanceUid));
        Assert.Equal(result.SeriesInstanceUid, ds.GetString(DicomTag.SeriesInstanceUid));
        Assert.StartsWith("2.25.", result.SeriesInstanceUid);
        Assert.Equal(truth.Series.StudyInstanceUid, ds.GetString(DicomTag.StudyInstanceUid));
        Assert.Equal(truth.Series.FrameOfReferenceUid, ds.GetString(DicomTag.FrameOfReferenceUid));
        Assert.Equal(truth.Series.PatientStudy.PatientId, ds.GetString(DicomTag.PatientId));
        Assert.Equal("BINARY", ds.GetString(DicomTag.SegmentationType));
        Assert.Equal(result.NumberOfFrames, ds.GetInteger(DicomTag.NumberOfFrames));
        Assert.Equal(4, ds.GetItems(DicomTag.SegmentSequence, scope).Count);
        Assert.Equal(result.NumberOfFrames, ds.GetItems(DicomTag.PerFrameFunctionalGroupsSequence, scope).Count);
        Assert.Contains("NOT FOR CLINICAL USE", ds.GetString(DicomTag.SeriesDescription));
        var referenced = ds.GetFirstItem(DicomTag.ReferencedSeriesSequence, scope)!;
        Assert.Equal(truth.Series.SeriesInstanceUid, referenced.GetString(DicomTag.SeriesInstanceUid));
        Assert.Equal(truth.Series.Slices.Count, referenced.GetItems(DicomTag.ReferencedInstanceSequence, scope).Count);
        var algorithm = ds.GetItems(DicomTag.SegmentSequence, scope)[0].GetFirstItem(DicomTag.SegmentationAlgorithmIdentificationSequence, scope)!;
        Assert.Equal("123110", algorithm.GetCode(DicomTag.AlgorithmFamilyCodeSequence, scope)!.Value);
        Assert.Equal(new string('a', 64), algorithm.GetString(DicomTag.AlgorithmVersion));
        var frame = ds.GetItems(DicomTag.PerFrameFunctionalGroupsSequence, scope)[0];
        var source = frame.GetFirstItem(DicomTag.DerivationImageSequence, scope)!;
        Assert.Equal("113076", source.GetCode(DicomTag.DerivationCodeSequence, scope)!.Value);
        Assert.Equal("121322", source.GetFirstItem(DicomTag.SourceImageSequence, scope)!.GetCode(DicomTag.PurposeOfReferenceCodeSequence, scope)!.Value);
    }

    [Fact]
    public void Write_GdcmImageReader_DecodesAllFramesWithOurBitCount()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var seg = _temp.File("seg.dcm");
        var result = new SegmentationWriter().Write(seg, truth.Series, masks, SegFixtures.Options);

        using var reader = new gdcm.ImageReader();
        reader.SetFileName(seg);
        Assert.True(reader.Read());
        using var image = reader.GetImage();
        var buffer = new byte[image.GetBufferLength()];
        Assert.True(image.GetBuffer(buffer));

        Assert.Equal([(uint)truth.Series.Columns, (uint)truth.Series.Rows, (uint)result.NumberOfFrames],
            [image.GetDimension(0), image.GetDimension(1), image.GetDimension(2)]);
        Assert.Equal(masks.Sum(m => m.Mask.Count(1)), buffer.Sum(b => System.Numerics.BitOperations.PopCount(b)));
    }

    [Fact]
    public void Write_NonAsciiPatientName_CopiedAsUtf8()
    {
        var (truth, masks) = SegFixtures.Synthetic(_temp.File("ct"));
        var ps = truth.Series.PatientStudy;
        var series = truth.Series with
        {
            PatientStudy = new PatientStudyAttributes
            {
                PatientName = "Müller^Jürgen", PatientId = "ÄÖ-1", StudyInstanceUid = ps.StudyInstanceUid,
                StudyDescription = "Thorax – nativ", PatientAge = "061Y", IssuerOfPatientId = "SYN",
            },
        };
        var seg = _temp.File("seg.dcm");

        new SegmentationWriter().Write(seg, series, masks, SegFixtures.Options);

        Dciodvfy.AssertValid(seg);
        var text = PyDicom.Run("""
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
sys.stdout.buffer.write('|'.join([str(ds.PatientName), ds.PatientID, ds.StudyDescription, ds.PatientAge, ds.IssuerOfPatientID]).encode('utf-8'))
""", seg);
        Assert.Equal("Müller^Jürgen|ÄÖ-1|Thorax – nativ|061Y|SYN", text);
    }
}
