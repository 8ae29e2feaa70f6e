using System.Text.Json;
using TinyUNet.Dicom.Reading;
using TinyUNet.TestSupport;
using TinyUNet.TestSupport.Fuzz;

namespace TinyUNet.Cli.Tests;

/// <summary>
/// The verbs an operator runs on what a PACS sent, on broken input: `inspect` over the 1,000-file fuzz corpus 50 files
/// at a time (as the field report did, when 3 files aborted the process), and `segment` on a real series with a file
/// on which GDCM aborts. The CLI runs in this test process: an abort would end the test run.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class InspectAndSegmentFuzzTests(FuzzCorpus corpus) : IClassFixture<FuzzCorpus>, IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public void Inspect_FuzzCorpusFiftyAtATime_EveryFileInASeriesOrSkippedWithAReason()
    {
        foreach (string[] batch in corpus.Files.Chunk(50))
        {
            var (code, output, error) = CliRunner.Run(["inspect", .. batch]);

            Assert.True(code == 0, $"{Path.GetFileName(batch[0])}…: exit {code}: {error}");
            using JsonDocument report = JsonDocument.Parse(output);
            var series = report.RootElement.GetProperty("series").EnumerateArray().ToList();
            int inSeries = series.Sum(s => s.GetProperty("sliceCount").GetInt32());
            // Mutants of one source file share its SOP Instance UID: a series keeps one copy and names the others.
            int duplicates = series.Sum(s => s.GetProperty("warnings").EnumerateArray()
                .Count(w => w.GetString()!.StartsWith("Duplicate SOP instance", StringComparison.Ordinal)));
            var skipped = report.RootElement.GetProperty("skippedFiles").EnumerateArray().ToList();
            Assert.Equal(batch.Length, inSeries + duplicates + skipped.Count);
            Assert.All(skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("reason").GetString())));
        }
    }

    [Fact]
    public void Segment_RealSeriesWithASliceThatAbortsGdcmAtOneEnd_LeftOutAndSaidSo()
    {
        string[] files = temp.CopyIn(Directory.GetFiles(SharedData.Dicom("messy", "ct-series-j2k-empty-uids")), "ct");
        string last = new CtSeriesReader().Open([temp.File("ct")]).Chosen.Slices[^1].FilePath;
        PoisonSlice.Poison(last);
        string bundle = temp.File("bundle");
        Assert.Equal(0, CliRunner.Run("import", "--weights", SharedData.ParityWeights, "--out", bundle, "--name", "parity",
            "--source", "parity fixture", "--license", "MIT").ExitCode);

        var (code, output, error) = CliRunner.Run("segment", "--series", temp.File("ct"), "--out", temp.File("out"),
            "--model", bundle, "--device", "cpu", "--batch", "4");

        Assert.True(code == 0, error);
        Assert.Contains($"({files.Length - 1} slices)", output);
        Assert.Contains($"left out   {last}: the pixel data crashed the decoder (signal 6", output);
        Assert.Single(Directory.GetFiles(temp.File("out"), "*.seg.dcm"));
    }

    public void Dispose() => temp.Dispose();
}
