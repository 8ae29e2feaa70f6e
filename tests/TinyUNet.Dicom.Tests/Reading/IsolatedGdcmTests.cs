using TinyUNet.Dicom.Reading;

namespace TinyUNet.Dicom.Tests.Reading;

/// <summary>GDCM in decoder child processes: same numbers as in this process; aborts and hangs cost one file each.</summary>
public sealed class IsolatedGdcmTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly IsolatedGdcm gdcm = new(maxIdle: 1);

    [Fact]
    public void EveryTransferSyntax_SameHeaderAndHuAsInThisProcess()
    {
        var inProcess = new DicomReadingOptions { IsolateGdcm = false };
        foreach (string file in Directory.GetFiles(TestData.TransferSyntaxes, "CTImage.dcm*").Concat(Directory.GetFiles(TestData.Wg04, "*__*")))
        {
            DicomInstance isolated = gdcm.ReadHeader(file, TimeSpan.FromSeconds(60));
            DicomInstance local = inProcess.ReadHeader(file);
            Assert.Equal(local with { ImageType = [], PatientStudy = isolated.PatientStudy }, isolated with { ImageType = [] });
            Assert.Equal(local.ImageType, isolated.ImageType);
            Assert.Equivalent(local.PatientStudy, isolated.PatientStudy);

            CtSeries series = TestData.SingleSlice(file);
            Assert.Equal(inProcess.DecodeHu(series.Slices[0], series.Rows, series.Columns),
                gdcm.DecodeHu(series.Slices[0], series.Rows, series.Columns, TimeSpan.FromSeconds(60)));
        }
    }

    [Fact]
    public void Warm_PoolOfTwo_TwoChildrenWaitAndServeReads()
    {
        using var pool = new IsolatedGdcm(maxIdle: 2);

        pool.Warm();
        pool.Warm(); // already full: starts nothing more

        Assert.Equal(2, pool.IdleChildren);
        Assert.Equal(TestData.SingleSlice(TestData.CtImageReference).Rows,
            pool.ReadHeader(TestData.CtImageReference, TimeSpan.FromSeconds(60)).Rows);
        Assert.Equal(2, pool.IdleChildren);
    }

    [Fact]
    public void FileThatAbortsGdcm_RefusedWithTheAbort_AndTheNextFileDecodes()
    {
        string poison = temp.File("poison.dcm");
        File.Copy(TestData.CtImageReference, poison);
        PoisonSlice.Poison(poison);
        CtSeries series = TestData.SingleSlice(poison);

        var error = Assert.Throws<DicomReadException>(() =>
            gdcm.DecodeHu(series.Slices[0], series.Rows, series.Columns, TimeSpan.FromSeconds(60)));

        Assert.Equal(poison, error.FilePath);
        Assert.Contains("crashed the decoder (signal 6", error.Reason, StringComparison.Ordinal);
        Assert.Contains("gdcmJPEGCodec.cxx", error.Reason, StringComparison.Ordinal); // the child's last words
        CtSeries good = TestData.SingleSlice(TestData.CtImageReference);
        Assert.Equal(good.Rows * good.Columns, gdcm.DecodeHu(good.Slices[0], good.Rows, good.Columns, TimeSpan.FromSeconds(60)).Length);
    }

    [Fact]
    public void FileThatNeverAnswers_RefusedAfterTheTimeout_AndTheNextFileIsRead()
    {
        // A FIFO with no writer: opening it blocks forever, as a hung codec or a dead network mount would.
        string fifo = temp.File("hangs.dcm");
        var (code, _, stderr) = ExternalTool.Run("mkfifo", [fifo]);
        Assert.True(code == 0, stderr);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<DicomReadException>(() => gdcm.ReadHeader(fifo, TimeSpan.FromSeconds(2)));

        Assert.Contains("took longer than 2 s", error.Reason, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed.TotalSeconds, 2, 30);
        Assert.Equal("CT", gdcm.ReadHeader(TestData.CtImageReference, TimeSpan.FromSeconds(60)).Modality);
    }

    public void Dispose()
    {
        gdcm.Dispose();
        temp.Dispose();
    }
}
