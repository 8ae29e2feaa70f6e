using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TinyUNet.PacsBridge.Configuration;

namespace TinyUNet.PacsBridge.Health;

/// <summary>
/// Ready while the poll loop gets through: degraded after a failed poll (it is backing off and retrying), unhealthy
/// after <see cref="FailuresBeforeUnhealthy"/> in a row or when no poll has succeeded for a long while.
/// </summary>
internal sealed class BridgeHealthCheck(BridgeStatus status, IOptions<BridgeOptions> options, TimeProvider time) : IHealthCheck
{
    public const int FailuresBeforeUnhealthy = 5;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        BridgeOptions o = options.Value;
        // Long enough for the worst back-off plus one poll, so a slow but working feed is not reported dead.
        TimeSpan patience = TimeSpan.FromSeconds(Math.Max(60, 2 * o.MaxBackoffSeconds + o.PollIntervalSeconds));
        var data = new Dictionary<string, object>
        {
            ["bridge"] = o.Name,
            ["consecutiveFailures"] = status.ConsecutiveFailures,
            ["lastSuccessAt"] = status.LastSuccessAt?.ToString("O") ?? "never",
        };
        DateTimeOffset reference = status.LastSuccessAt ?? status.StartedAt;
        if (status.ConsecutiveFailures >= FailuresBeforeUnhealthy || time.GetUtcNow() - reference > patience)
            return Task.FromResult(HealthCheckResult.Unhealthy($"Change feed not read successfully (last error: {status.LastErrorType ?? "none"}).", data: data));
        if (status.ConsecutiveFailures > 0)
            return Task.FromResult(HealthCheckResult.Degraded($"Retrying after {status.LastErrorType}.", data: data));
        return Task.FromResult(HealthCheckResult.Healthy(data: data));
    }
}
