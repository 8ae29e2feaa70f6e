using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.Worker.Configuration;

namespace TinyUNet.Worker.Internal;

/// <summary>
/// At start-up, before the bus takes a message: removes the run folders a killed worker left under Storage:WorkRoot
/// (retrieved instances of a study, patient data with no owner), keeping those of runs still alive elsewhere.
/// </summary>
internal sealed class OrphanedWorkCleanup(IOptions<StorageOptions> storage, ILogger<OrphanedWorkCleanup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            int removed = RunWorkFolder.RemoveOrphans(storage.Value.WorkRoot);
            if (removed > 0) Log.OrphansRemoved(logger, removed, storage.Value.WorkRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leftovers must not stop the worker; the next start tries again.
            Log.OrphanCleanupFailed(logger, e, storage.Value.WorkRoot);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
