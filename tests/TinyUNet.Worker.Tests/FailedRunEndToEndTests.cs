using Npgsql;
using TinyUNet.Contracts;
using TinyUNet.Worker.Tests.Support;

namespace TinyUNet.Worker.Tests;

/// <summary>Failed runs when the database itself is unavailable: the failure must still reach its listeners.</summary>
[Collection(WorkerStackCollection.Name)]
public sealed class FailedRunEndToEndTests(WorkerStackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task SegmentStudy_DatabaseDownAtPermanentFailure_StillAnnouncedAndInErrorQueue()
    {
        string folder = Path.Combine(stack.SourceRoot, "no-ct-201");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not DICOM");
        SegmentStudy command = new()
        {
            CorrelationId = Guid.NewGuid(),
            StudyInstanceUid = "1.2.826.0.1.3680043.10.201",
            Source = StudySource.Folder("no-ct-201"),
        };

        stack.Stack.StopComponent("postgres");
        try
        {
            await stack.Events.SendAsync(command, CancellationToken.None);
            StudySegmentationFailed failed = (await stack.Events.FailedAsync(command.CorrelationId, Patience))[0];

            Assert.True(failed.Permanent);
            Assert.Contains("<source>/notes.txt", failed.Reason, StringComparison.Ordinal);
            Assert.Equal(failed.Reason, await stack.Errors.WaitForAsync(command.CorrelationId.ToString(), Patience));
        }
        finally
        {
            stack.Stack.StartComponent("postgres");
            // Pooled connections died with the server; later tests (and the worker) should not each find that out.
            stack.Database.Clear();
            stack.Service<NpgsqlDataSource>().Clear();
        }
        Assert.Empty(await Sql.QueryAsync(stack.Database, "SELECT 1 FROM runs WHERE study_instance_uid = $1", command.StudyInstanceUid));
    }
}
