using System.Diagnostics;
using TinyUNet.Dicom.Reading;
using Xunit.Abstractions;

namespace TinyUNet.Dicom.Tests.Reading;

public sealed class HuVolumeReaderTests(ITestOutputHelper output)
{
    private static CtSeries RealSeries() => new CtSeriesReader().Open([TestData.EmptyUidSeries]).Chosen;

    [Fact]
    public void Read_TwoThreads_EqualsOneThreadAndReportsEverySlice()
    {
        CtSeries series = RealSeries();
        var progress = new CountingProgress();

        var timer = Stopwatch.StartNew();
        HuVolume single = new HuVolumeReader(new DicomReadingOptions { MaxDegreeOfParallelism = 1 }).Read(series);
        double oneThread = timer.Elapsed.TotalSeconds;
        timer.Restart();
        HuVolume parallel = new HuVolumeReader(new DicomReadingOptions { MaxDegreeOfParallelism = 2 }).Read(series, progress);
        double twoThreads = timer.Elapsed.TotalSeconds;
        output.WriteLine($"{series.Slices.Count} J2K slices: 1 thread {series.Slices.Count / oneThread:0.0} slices/s, 2 threads {series.Slices.Count / twoThreads:0.0} slices/s");

        Assert.Equal(20, parallel.Depth);
        Assert.Equal(single.Slices, parallel.Slices);
        Assert.Equal(20, progress.Calls);
        Assert.Equal(20, progress.Highest);
    }

    [Fact]
    public async Task Start_InSliceOrder_PrefixesReadyInOrderAndTheSameVolume()
    {
        CtSeries series = RealSeries();
        HuVolume whole = new HuVolumeReader().Read(series);

        HuDecoding decoding = new HuVolumeReader(new DicomReadingOptions { MaxDegreeOfParallelism = 2 }).Start(series);
        IReadOnlyList<short[]> first = decoding.WaitFor(3, CancellationToken.None);
        HuVolume streamed = await decoding.Completion;

        Assert.Equal(3, first.Count);
        Assert.Equal(whole.Slices.Take(3), first);
        Assert.Equal(whole.Slices, streamed.Slices);
        Assert.True(decoding.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task Start_SliceBroken_WaitForAndCompletionThrowTheTypedErrorNamingTheFile()
    {
        using var temp = new TempFolder();
        string[] files = SeriesFixture.CopySeries(temp, "s");
        CtSeries series = new CtSeriesReader().Open([temp.Path]).Chosen;
        string broken = series.Slices[7].FilePath;
        byte[] bytes = File.ReadAllBytes(broken);
        File.WriteAllBytes(broken, bytes[..(bytes.Length / 2)]);

        HuDecoding decoding = new HuVolumeReader().Start(series);

        Assert.Equal(broken, Assert.Throws<DicomReadException>(() => decoding.WaitFor(series.Slices.Count, CancellationToken.None)).FilePath);
        Assert.Equal(broken, (await Assert.ThrowsAsync<DicomReadException>(() => decoding.Completion)).FilePath);
    }

    [Fact]
    public void Read_VolumeHu_EqualsPydicomOverTheWholeSeries()
    {
        HuVolume volume = new HuVolumeReader().Read(RealSeries());
        for (int i = 0; i < volume.Depth; i += 7)
        {
            double[] expected = ReferenceTools.PydicomHu(volume.Series.Slices[i].FilePath)!;
            Assert.Equal(expected.Select(v => (short)v).ToArray(), volume.Slices[i]); // slope 1: whole HU, exact
        }
    }

    [Fact]
    public void Read_Cancelled_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new HuVolumeReader().Read(RealSeries(), null, cancel.Token));
    }

    [Fact]
    public void Read_SliceBrokenAfterDiscovery_ThrowsDicomReadExceptionNamingTheFile()
    {
        using var temp = new TempFolder();
        string[] files = SeriesFixture.CopySeries(temp, "s");
        CtSeries series = new CtSeriesReader().Open([temp.Path]).Chosen;
        byte[] bytes = File.ReadAllBytes(files[7]);
        File.WriteAllBytes(files[7], bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<DicomReadException>(() => new HuVolumeReader().Read(series));

        Assert.Equal(files[7], error.FilePath);
    }

    [Fact]
    public void Read_CorruptJ2kCodestream_FailsWithTypedErrorOrDecodesWithoutCrashing()
    {
        using var temp = new TempFolder();
        string[] files = SeriesFixture.CopySeries(temp, "s");
        CtSeries series = new CtSeriesReader().Open([temp.Path]).Chosen;
        // Overwrite the middle of the codestream (lengths intact): framing is fine. OpenJPEG may or may not notice;
        // what must never happen is a crash or an untyped error.
        byte[] bytes = File.ReadAllBytes(files[3]);
        Array.Fill(bytes, (byte)0xFF, bytes.Length / 2, 4000);
        File.WriteAllBytes(files[3], bytes);

        var error = Record.Exception(() => new HuVolumeReader().Read(series));

        if (error is not null) Assert.Equal(files[3], Assert.IsAssignableFrom<DicomReadException>(error).FilePath);
    }

    private sealed class CountingProgress : IProgress<int>
    {
        private int calls, highest;
        public int Calls => calls;
        public int Highest => highest;

        public void Report(int value)
        {
            Interlocked.Increment(ref calls);
            int seen;
            while (value > (seen = highest) && Interlocked.CompareExchange(ref highest, value, seen) != seen) { }
        }
    }
}
