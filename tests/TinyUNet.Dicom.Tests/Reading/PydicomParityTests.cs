namespace TinyUNet.Dicom.Tests.Reading;

/// <summary>
/// HU per pixel equals what pydicom 2.3.1 (Debian, numpy + Pillow/OpenJPEG handlers) computes as
/// pixel_array × RescaleSlope + RescaleIntercept for the same file: an independent decoder and rescale.
/// Not listed, because this pydicom has no decoder for them (no pylibjpeg/jpeg_ls/gdcm handler installed):
/// JPEG extended/spectral/progressive/lossless (.51 .53 .55 .57 .70), JPEG-LS (.80 .81), WG04 JPLL/JLSL/JLSN.
/// Those are covered against their uncompressed twins in <see cref="DecodeEqualityTests"/>.
/// </summary>
public sealed class PydicomParityTests
{
    public static TheoryData<string> Exact => new()
    {
        "transfer-syntaxes/CTImage.dcm",
        "transfer-syntaxes/CTImage.dcm_LittleEndianImplicitTransferSyntax_1.2.840.10008.1.2.dcm",
        "transfer-syntaxes/CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm",
        "transfer-syntaxes/CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm",
        "transfer-syntaxes/CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm",
        "transfer-syntaxes/CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm",
        "transfer-syntaxes/CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm",
        "transfer-syntaxes/CT1_J2KR",
        "transfer-syntaxes/CT2_J2KR",
        "wg04/REF__CT1_UNC.dcm",
        "wg04/REF__CT2_UNC.dcm",
        "wg04/RLE__CT1_RLE",
        "wg04/RLE__CT2_RLE",
        "wg04/J2KR__CT1_J2KR",
        "wg04/J2KR__CT2_J2KR",
        "messy/explicit_VR-UN.dcm",
        "messy/ct-series-j2k-empty-uids/CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016573",
        "messy/ct-series-j2k-empty-uids/CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016592",
    };

    [Theory]
    [MemberData(nameof(Exact))]
    public void DecodeHu_LosslessOrUncompressed_EqualsPydicomExactly(string file)
    {
        string path = Path.Combine(TestData.Dicom, file);
        double[] expected = ReferenceTools.PydicomHu(path) ?? throw new InvalidOperationException("pydicom could not decode " + file);
        short[] decoded = TestData.DecodeSingle(path);
        Assert.Equal(expected.Length, decoded.Length);
        Assert.Equal(TestData.WholeHu(expected), decoded);
    }

    /// <summary>
    /// Lossy files decode through different libraries (GDCM's own codecs vs Pillow's libjpeg/OpenJPEG), so exact
    /// agreement is not guaranteed in general; measured here it is exact (0 HU), and the limit stays at that.
    /// </summary>
    public static TheoryData<string, double> Lossy => new()
    {
        { "transfer-syntaxes/CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm", 0 },
        { "transfer-syntaxes/CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm", 0 },
        { "wg04/J2KI__CT1_J2KI", 0 },
        { "wg04/J2KI__CT2_J2KI", 0 },
    };

    [Theory]
    [MemberData(nameof(Lossy))]
    public void DecodeHu_Lossy_MatchesPydicomWithinDecoderDifference(string file, double maxDifference)
    {
        string path = Path.Combine(TestData.Dicom, file);
        double[] expected = ReferenceTools.PydicomHu(path) ?? throw new InvalidOperationException("pydicom could not decode " + file);
        short[] decoded = TestData.DecodeSingle(path);
        double worst = TestData.WholeHu(expected).Zip(decoded, (e, d) => Math.Abs(e - d)).Max();
        Assert.True(worst <= maxDifference + 1e-3, $"largest difference {worst:0.###} HU");
    }

    [Fact]
    public void PydicomHu_JpegLossless_HasNoDecoderHere_SoItIsNotInTheParityList()
    {
        Assert.Null(ReferenceTools.PydicomHu(TestData.CtImage("1.2.840.10008.1.2.4.70")));
    }
}
