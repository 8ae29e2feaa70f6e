using Microsoft.Extensions.Diagnostics.HealthChecks;
using TinyUNet.Storage;

namespace TinyUNet.Worker.Health;

/// <summary>The database answers and its schema is current (the worker never migrates by itself).</summary>
public sealed class DatabaseHealthCheck(DatabaseMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            IReadOnlyList<string> pending = await migrator.PendingAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: run the migrate verb.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", e);
        }
    }
}
