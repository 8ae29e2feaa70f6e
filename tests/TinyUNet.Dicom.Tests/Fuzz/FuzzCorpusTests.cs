using System.Collections.Concurrent;
using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Tests.Reading;
using TinyUNet.TestSupport.Fuzz;
using Xunit.Abstractions;

namespace TinyUNet.Dicom.Tests.Fuzz;

/// <summary>
/// Every mutated file goes through what a study's files go through (header read, then pixel decoding in a decoder
/// child): each is either read or refused with a reason, and this process (the test host) survives them all, among
/// them the files on which GDCM aborts.
/// </summary>
public sealed class FuzzCorpusTests(FuzzCorpus corpus, ITestOutputHelper output) : IClassFixture<FuzzCorpus>
{
    [Fact]
    public void EveryMutatedFileIsReadOrRefusedWithAReasonAndNoneEndsTheProcess()
    {
        var reader = new HuVolumeReader(new DicomReadingOptions { DecodeTimeoutSeconds = 60 });
        var outcomes = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.ForEach(corpus.Files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, file =>
        {
            CtSeries slice;
            try
            {
                slice = TestData.SingleSlice(file);
            }
            catch (DicomReadException e)
            {
                outcomes[file] = "header refused: " + e.Reason;
                return;
            }
            try
            {
                short[] hu = reader.ReadSlice(slice, 0);
                Assert.Equal(slice.Rows * slice.Columns, hu.Length);
                outcomes[file] = "decoded";
            }
            catch (DicomReadException e)
            {
                Assert.Equal(file, e.FilePath);
                outcomes[file] = "pixels refused: " + e.Reason;
            }
        });

        Assert.Equal(FuzzCorpus.Count, outcomes.Count);
        Assert.All(outcomes, o => Assert.False(string.IsNullOrWhiteSpace(o.Value.Split(": ", 2).ElementAtOrDefault(1) ?? "x")));
        string[] crashes = [.. outcomes.Where(o => o.Value.Contains("crashed the decoder", StringComparison.Ordinal)).Select(o => o.Key)];
        int decoded = outcomes.Count(o => o.Value == "decoded");
        int headerRefused = outcomes.Count(o => o.Value.StartsWith("header", StringComparison.Ordinal));
        output.WriteLine($"{FuzzCorpus.Count} files in {clock.Elapsed.TotalSeconds:0.0} s: {decoded} decoded, " +
            $"{headerRefused} refused at the header, {FuzzCorpus.Count - decoded - headerRefused} refused at decoding, " +
            $"of which {crashes.Length} aborted a decoder child");
        foreach (var group in outcomes.GroupBy(o => (FuzzCorpus.Mutation(o.Key), Outcome: Summary(o.Value))).OrderBy(g => g.Key))
            output.WriteLine($"{group.Count(),4}  {group.Key.Item1,-34} {group.Key.Outcome}");
        foreach (string crash in crashes) output.WriteLine($"abort: {Path.GetFileName(crash)}: {outcomes[crash]}");

        // The corpus reaches GDCM's abort paths (signal 6, SIGABRT: its assertions; 11, SIGSEGV: codec overruns), and
        // each cost one file, not the process.
        Assert.NotEmpty(crashes);
        Assert.All(crashes, c => Assert.Matches(@"\(signal (6|11)\b", outcomes[c]));
        Assert.True(decoded > 0, "no mutated file decoded at all");
    }

    private static string Summary(string outcome) =>
        outcome.Length > 90 ? outcome[..90] : outcome;
}
