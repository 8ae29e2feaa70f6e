using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using TinyUNet.Storage;

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
                $"SELECT 1 FROM {StudyReportRow.View} LIMIT 0; SELECT 1 FROM {StudyLatestRunRow.View} LIMIT 0");
            await command.ExecuteNonQueryAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable or report views unreadable.", e);
        }
    }
}
