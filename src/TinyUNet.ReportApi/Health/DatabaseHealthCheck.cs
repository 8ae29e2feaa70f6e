using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace TinyUNet.ReportApi.Health;

/// <summary>
/// Ready when the database answers and this role can read the report views (a missing grant or an unmigrated
/// schema fails here, not on the first request).
/// </summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using NpgsqlCommand command = dataSource.CreateCommand(
                "SELECT 1 FROM study_reports LIMIT 0; SELECT 1 FROM study_latest_runs LIMIT 0");
            await command.ExecuteNonQueryAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable or report views unreadable.", e);
        }
    }
}
