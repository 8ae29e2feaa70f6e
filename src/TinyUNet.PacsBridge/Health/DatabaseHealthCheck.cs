using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TinyUNet.PacsBridge.Configuration;
using TinyUNet.Storage;

namespace TinyUNet.PacsBridge.Health;

/// <summary>PostgreSQL answers and the cursor table exists (migration 0003 applied: the bridge never migrates by itself).</summary>
internal sealed class DatabaseHealthCheck(BridgeCursorStore cursors, IOptions<BridgeOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            long? cursor = await cursors.GetAsync(options.Value.Name, cancellationToken);
            return HealthCheckResult.Healthy(data: new Dictionary<string, object> { ["cursor"] = cursor ?? -1 });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable or not migrated (run the migrate verb).", e);
        }
    }
}
