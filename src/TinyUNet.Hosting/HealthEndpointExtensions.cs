using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using TinyUNet.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The orchestrator's two probes, the same on every host.</summary>
public static class HealthEndpointExtensions
{
    /// <summary>
    /// /health/live: the process answers (no check runs, so an outage of a dependency never restarts the pod).
    /// /health/ready: the checks tagged <see cref="HealthTags.Ready"/> (a host that cannot do its work is taken out of
    /// rotation). Both stay open where the host requires authentication: the probes carry no credentials.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) })
            .AllowAnonymous();
        return endpoints;
    }
}
