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
        string poisonedFolder = Path.Combine(stack.Scratch, "poison-131");
        SyntheticChestCtResult poisoned = StudyUploads.Write(poisonedFolder, seed: 131);
        PoisonSlice.Poison(poisoned.Series.Slices[poisoned.Series.Slices.Count / 2].FilePath);
        await StudyUploads.UploadFolderAsync(stack.Pacs, poisonedFolder);
        string soundFolder = Path.Combine(stack.Scratch, "sound-132");
        SyntheticChestCtResult sound = StudyUploads.Write(soundFolder, seed: 132);
        await StudyUploads.UploadFolderAsync(stack.Pacs, soundFolder);
        SegmentStudy first = FromPacs(poisoned), second = FromPacs(sound);

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

    private SegmentStudy FromPacs(SyntheticChestCtResult ct) => new()
    {
        CorrelationId = Guid.NewGuid(),
        StudyInstanceUid = ct.Series.StudyInstanceUid,
        Source = StudySource.DicomWeb(stack.Stack.DicomWebBaseUrl),
    };
}
