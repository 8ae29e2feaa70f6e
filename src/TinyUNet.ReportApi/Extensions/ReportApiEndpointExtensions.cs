using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using TinyUNet.ReportApi.Endpoints;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The API's pipeline: problem details for errors, the study endpoints and the two health probes.</summary>
public static class ReportApiEndpointExtensions
{
    public static WebApplication MapReportApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapStudyEndpoints();
        // Live: the process answers (no dependency, so a database outage never restarts the pod). Ready: the database.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
