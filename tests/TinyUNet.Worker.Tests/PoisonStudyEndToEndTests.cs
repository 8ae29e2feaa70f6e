using TinyUNet.Contracts;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.TestSupport;
using TinyUNet.Worker.Tests.Support;

namespace TinyUNet.Worker.Tests;

/// <summary>
/// A study with a file on which GDCM aborts, stored in the PACS and queued beside a sound one: before decoding was
/// isolated, such a file ended the worker (and, redelivered, the next one). Now the file fails alone, in the decoder
/// child: a slice inside the stack makes its study a permanent failure with that reason, the worker lives on (this test
/// host is the worker's process) and the next study is segmented.
/// </summary>
[Collection(WorkerStackCollection.Name)]
public sealed class PoisonStudyEndToEndTests(WorkerStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task SegmentStudy_SliceThatAbortsGdcm_StudyRefusedWithTheReasonAndTheNextStudySegmented()
    {
        SyntheticChestCtResult poisoned = await stack.UploadStudyAsync("poison-131", seed: 131,
            ct => PoisonSlice.Poison(ct.Series.Slices[ct.Series.Slices.Count / 2].FilePath));
        SyntheticChestCtResult sound = await stack.UploadStudyAsync("sound-132", seed: 132);
        SegmentStudy first = stack.FromPacs(poisoned), second = stack.FromPacs(sound);

        await stack.Events.SendAsync(first, CancellationToken.None);
        await stack.Events.SendAsync(second, CancellationToken.None);
        StudySegmentationFailed failed = (await stack.Events.FailedAsync(first.CorrelationId, Patience))[0];
        StudySegmented segmented = (await stack.Events.SegmentedAsync(second.CorrelationId, 1, Patience))[0];

        Assert.True(failed.Permanent);
        Assert.Contains("crashed the decoder (signal 6", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("cannot be used without this slice", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(failed.Reason, await stack.Errors.WaitForAsync(first.CorrelationId.ToString(), Patience));
        Assert.DoesNotContain(await StudyUploads.SeriesAsync(stack.Pacs, poisoned.Series.StudyInstanceUid), s => s.Modality == "SEG");
        Assert.Equal(sound.Series.SeriesInstanceUid, segmented.SeriesInstanceUid);
        Assert.Contains(await StudyUploads.SeriesAsync(stack.Pacs, sound.Series.StudyInstanceUid), s => s.Modality == "SEG");
        Assert.Empty(Directory.EnumerateFileSystemEntries(stack.WorkRoot));
    }
}
