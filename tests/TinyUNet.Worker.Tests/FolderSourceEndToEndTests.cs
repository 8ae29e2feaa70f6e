using TinyUNet.Contracts;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.Worker.Tests.Support;

namespace TinyUNet.Worker.Tests;

/// <summary>
/// Studies read from a folder under the worker's source root rather than from the PACS: segmented in place and never
/// removed, linked to their patient by keyed hash only, and a folder path that escapes the root or names a patient
/// never reaches a reason, an event or the error queue.
/// </summary>
[Collection(WorkerStackCollection.Name)]
public sealed class FolderSourceEndToEndTests(WorkerStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task SegmentStudy_FolderInsideSourceRoot_Segmented()
    {
        SyntheticChestCtResult ct = StudyUploads.Write(Path.Combine(stack.SourceRoot, "study-105"), seed: 105);
        SegmentStudy command = WorkerStackFixture.FromFolder("study-105", ct) with { Reason = SegmentationReason.Manual };

        await stack.Events.SendAsync(command, CancellationToken.None);
        StudySegmented segmented = (await stack.Events.SegmentedAsync(command.CorrelationId, 1, Patience))[0];

        Assert.Equal(ct.Series.SeriesInstanceUid, segmented.SeriesInstanceUid);
        Assert.True(File.Exists(Path.Combine(stack.SourceRoot, "study-105", "IMG0001.dcm")), "a folder source is read, never removed");
        // The study is linked to its patient by the keyed hash of the PatientID (SYN-000105), never by the ID itself.
        object key = Assert.Single(await QueryAsync("SELECT patient_key FROM studies WHERE study_instance_uid = $1", ct.Series.StudyInstanceUid))[0];
        Assert.Equal(TinyUNet.Storage.PatientKey.Compute(WorkerStackFixture.PatientKeySecret, "SYN-000105"), key);
        Assert.Empty(await QueryAsync("SELECT 1 FROM studies WHERE patient_key LIKE '%SYN%'"));
    }

    [Fact]
    public async Task SegmentStudy_FolderWithoutCt_ReasonHidesTheFolderPath()
    {
        // Folder names at sites sometimes carry patient names: the reason must not repeat them.
        string folder = Path.Combine(stack.SourceRoot, "DOE_JOHN_107");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not DICOM");
        SegmentStudy command = new()
        {
            CorrelationId = Guid.NewGuid(),
            StudyInstanceUid = "1.2.3.107",
            Source = StudySource.Folder("DOE_JOHN_107"),
        };

        await stack.Events.SendAsync(command, CancellationToken.None);
        StudySegmentationFailed failed = (await stack.Events.FailedAsync(command.CorrelationId, Patience))[0];

        Assert.True(failed.Permanent);
        Assert.Contains("<source>/notes.txt", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("DOE", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("DOE", await stack.Errors.WaitForAsync(command.CorrelationId.ToString(), Patience), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc")]
    public async Task SegmentStudy_PathOutsideSourceRoot_RejectedAsPermanent(string path)
    {
        SegmentStudy command = new()
        {
            CorrelationId = Guid.NewGuid(),
            StudyInstanceUid = "1.2.3.4.5",
            Source = StudySource.Folder(path),
        };

        await stack.Events.SendAsync(command, CancellationToken.None);
        StudySegmentationFailed failed = (await stack.Events.FailedAsync(command.CorrelationId, Patience))[0];

        Assert.True(failed.Permanent);
        Assert.StartsWith("Source path rejected", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(failed.Reason, await stack.Errors.WaitForAsync(command.CorrelationId.ToString(), Patience));
    }

    private Task<List<object[]>> QueryAsync(string sql, params object[] parameters) => Sql.QueryAsync(stack.Database, sql, parameters);
}
