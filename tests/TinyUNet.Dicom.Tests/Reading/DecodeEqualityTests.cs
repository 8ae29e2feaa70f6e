namespace TinyUNet.Dicom.Tests.Reading;

/// <summary>
/// Every transfer syntax of the shared data decodes through GDCM; lossless ones equal the uncompressed reference
/// bit for bit, lossy ones stay within a stated HU error. The references are the files' own uncompressed twins.
/// </summary>
public sealed class DecodeEqualityTests
{
    public static TheoryData<string> CtImageLossless => new()
    {
        "1.2.840.10008.1.2", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.5",
        "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.90",
    };

    [Theory]
    [MemberData(nameof(CtImageLossless))]
    public void Decode_LosslessCtImage_EqualsExplicitLittleEndianBitForBit(string syntax)
    {
        short[] reference = TestData.DecodeSingle(TestData.CtImageReference);
        short[] decoded = TestData.DecodeSingle(TestData.CtImage(syntax));
        Assert.Equal(reference, decoded);
    }

    public static TheoryData<string, string> Wg04Lossless => new()
    {
        { "wg04/J2KR__CT1_J2KR", "wg04/REF__CT1_UNC.dcm" }, { "wg04/J2KR__CT2_J2KR", "wg04/REF__CT2_UNC.dcm" },
        { "wg04/JLSL__CT1_JLSL", "wg04/REF__CT1_UNC.dcm" }, { "wg04/JLSL__CT2_JLSL", "wg04/REF__CT2_UNC.dcm" },
        { "wg04/JPLL__CT1_JPLL", "wg04/REF__CT1_UNC.dcm" }, { "wg04/JPLL__CT2_JPLL", "wg04/REF__CT2_UNC.dcm" },
        { "wg04/RLE__CT1_RLE", "wg04/REF__CT1_UNC.dcm" }, { "wg04/RLE__CT2_RLE", "wg04/REF__CT2_UNC.dcm" },
        { "transfer-syntaxes/CT1_J2KR", "wg04/REF__CT1_UNC.dcm" }, { "transfer-syntaxes/CT2_J2KR", "wg04/REF__CT2_UNC.dcm" },
    };

    [Theory]
    [MemberData(nameof(Wg04Lossless))]
    public void Decode_LosslessWg04_EqualsUncompressedReferenceBitForBit(string file, string reference)
    {
        short[] expected = TestData.DecodeSingle(Path.Combine(TestData.Dicom, reference));
        short[] decoded = TestData.DecodeSingle(Path.Combine(TestData.Dicom, file));
        Assert.Equal(expected, decoded);
    }

    /// <summary>
    /// Lossy files against their uncompressed twin: mean absolute HU error and its 99th percentile. Measured with
    /// GDCM 3.0.21 (mean / p99 / max HU): JPEG baseline 8-bit 19.8 / 57.6 / 64.2 (DCMTK rescaled it to slope 32.1,
    /// so one step is 32 HU); JPEG 12-bit .51/.53/.55 3.8 / 15.1 / 35.6 (slope 2.0); JPEG-LS near-lossless
    /// 0.7 / 1 / 1 (CTImage) and 2.2 / 4 / 4 (WG04, NEAR=4); J2K lossy 0.6 / 2 / 5 (CTImage), 25.9 / 134 / 352
    /// (WG04 CT1) and 17.6 / 117 / 402 (CT2). Limits add about 20 % headroom; a wrong decode errs by hundreds.
    /// </summary>
    public static TheoryData<string, string, double, double> Lossy => new()
    {
        { "transfer-syntaxes/CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm", "transfer-syntaxes/CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm", 25, 70 },
        { "transfer-syntaxes/CTImage.dcm_JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51.dcm", "transfer-syntaxes/CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm", 5, 20 },
        { "transfer-syntaxes/CTImage.dcm_JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53.dcm", "transfer-syntaxes/CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm", 5, 20 },
        { "transfer-syntaxes/CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm", "transfer-syntaxes/CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm", 5, 20 },
        { "transfer-syntaxes/CTImage.dcm_JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81.dcm", "transfer-syntaxes/CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm", 1, 1 },
        { "transfer-syntaxes/CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm", "transfer-syntaxes/CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm", 1, 3 },
        { "wg04/J2KI__CT1_J2KI", "wg04/REF__CT1_UNC.dcm", 30, 150 },
        { "wg04/JLSN__CT1_JLSN", "wg04/REF__CT1_UNC.dcm", 2.5, 4 },
        { "wg04/J2KI__CT2_J2KI", "wg04/REF__CT2_UNC.dcm", 30, 150 },
        { "wg04/JLSN__CT2_JLSN", "wg04/REF__CT2_UNC.dcm", 2.5, 4 },
    };

    [Theory]
    [MemberData(nameof(Lossy))]
    public void Decode_Lossy_StaysWithinStatedHuError(string file, string reference, double maxMeanError, double maxP99Error)
    {
        short[] expected = TestData.DecodeSingle(Path.Combine(TestData.Dicom, reference));
        short[] decoded = TestData.DecodeSingle(Path.Combine(TestData.Dicom, file));
        double[] errors = decoded.Zip(expected, (a, b) => (double)Math.Abs(a - b)).Order().ToArray();
        double mean = errors.Average(), p99 = errors[(int)(errors.Length * 0.99)];
        Assert.True(mean <= maxMeanError && p99 <= maxP99Error, $"mean {mean:0.###} HU, p99 {p99:0.###} HU, max {errors[^1]:0.###} HU");
    }
}
