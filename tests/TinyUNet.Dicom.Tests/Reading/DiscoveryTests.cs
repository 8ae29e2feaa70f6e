using TinyUNet.Dicom.Reading;

namespace TinyUNet.Dicom.Tests.Reading;

public sealed class DiscoveryTests
{
    [Fact]
    public void Discover_FolderWithBrokenFiles_SkipsThemWithTypedErrorsAndKeepsTheOthers()
    {
        using var temp = new TempFolder();
        string[] good = temp.CopyIn(TestData.EmptyUidSeriesFiles.Take(5), "nested/deeper");
        string truncatedHeader = Truncated(temp, TestData.Wg04 + "/REF__CT1_UNC.dcm", 300, "cut-in-meta.dcm");
        string truncatedPixels = Truncated(temp, TestData.Wg04 + "/REF__CT1_UNC.dcm", 250_000, "cut-in-pixels.dcm");
        string text = Path.Combine(temp.Path, "notes.txt");
        File.WriteAllText(text, "not DICOM");

        DiscoveryResult result = new DicomDiscovery().Discover(temp.Path);

        Assert.Equal(good.Select(Path.GetFullPath).Order(), result.Instances.Select(i => i.FilePath).Order());
        Assert.Equal(new[] { truncatedHeader, truncatedPixels, text }.Order(), result.Skipped.Select(s => s.FilePath).Order());
        Assert.All(result.Skipped, s => Assert.Equal(s.FilePath, s.Error.FilePath));
        Assert.Contains("truncated", result.Skipped.Single(s => s.FilePath == truncatedPixels).Reason);
        Assert.Contains("not a DICOM", result.Skipped.Single(s => s.FilePath == text).Reason);
    }

    /// <summary>
    /// Regression: GDCM 3.0.21 abort()s the process on files truncated in the meta group or the dataset. Every cut
    /// must come back as a typed error (if the guard misses one, this test run dies instead of failing).
    /// </summary>
    [Theory]
    [InlineData("wg04/REF__CT1_UNC.dcm")]
    [InlineData("transfer-syntaxes/CTImage.dcm")]
    [InlineData("transfer-syntaxes/CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm")]
    [InlineData("transfer-syntaxes/CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm")]
    [InlineData("transfer-syntaxes/CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm")]
    [InlineData("messy/ct-series-j2k-empty-uids/CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016573")]
    [InlineData("messy/explicit_VR-UN.dcm")]
    public void ReadHeaderAndDecode_TruncatedAnywhere_ThrowsDicomReadExceptionWithoutCrashing(string file)
    {
        string source = Path.Combine(TestData.Dicom, file);
        long length = new FileInfo(source).Length;
        using var temp = new TempFolder();
        long[] cuts = [0, 50, 131, 132, 140, 160, 200, 300, 500, 1000, 2000, 3000, 5000, 50_000, length / 2, length - 1];
        foreach (long cut in cuts.Where(c => c < length))
        {
            string path = Truncated(temp, source, cut, $"cut-{cut}");
            var error = Record.Exception((Action)(() =>
            {
                DicomInstance header = DicomDiscovery.ReadHeader(path);
                TestData.DecodeSingle(path);
                throw new Xunit.Sdk.XunitException($"cut at {cut} bytes was accepted ({header.TransferSyntaxUid})");
            }));
            var typed = Assert.IsAssignableFrom<DicomReadException>(error);
            Assert.Equal(path, typed.FilePath);
        }
    }

    [Fact]
    public void Discover_EnhancedCt_IsRefusedWithUnsupportedDicomException()
    {
        DiscoveryResult result = new DicomDiscovery().Discover(TestData.EnhancedCt);

        Assert.Empty(result.Instances);
        var skipped = Assert.Single(result.Skipped);
        Assert.IsType<UnsupportedDicomException>(skipped.Error);
        Assert.Contains("multi-frame", skipped.Reason);
    }

    [Fact]
    public void Discover_MissingPath_IsRecordedNotThrown()
    {
        DiscoveryResult result = new DicomDiscovery().Discover("/nonexistent/folder");

        Assert.Equal("/nonexistent/folder", Assert.Single(result.Skipped).FilePath);
    }

    [Fact]
    public void ReadHeader_EmptyUidSlice_FallsBackToFileMetaSopUids()
    {
        DicomInstance header = DicomDiscovery.ReadHeader(TestData.EmptyUidSeriesFiles[0]);

        Assert.True(header.SopUidsFromFileMeta);
        Assert.Equal("1.3.12.2.1107.5.1.4.60064.30000022120808113428000016573", header.SopInstanceUid);
        Assert.Equal("", header.SeriesInstanceUid);
        Assert.Equal(new Vector3(-249.51171875, -437.51171875, -766.5), header.ImagePositionPatient);
        Assert.Equal((12, 0, -1024.0), (header.BitsStored, header.PixelRepresentation, header.RescaleIntercept));
    }

    private static string Truncated(TempFolder temp, string source, long length, string name)
    {
        string path = Path.Combine(temp.Path, name);
        using (var input = File.OpenRead(source))
        using (var output = File.Create(path))
        {
            var buffer = new byte[length];
            input.ReadExactly(buffer);
            output.Write(buffer);
        }
        return path;
    }
}
