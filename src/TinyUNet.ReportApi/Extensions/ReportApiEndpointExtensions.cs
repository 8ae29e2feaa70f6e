using Microsoft.AspNetCore.Authentication;
using TinyUNet.ReportApi.Endpoints;
using TinyUNet.ReportApi.Internal;
using TinyUNet.ReportApi.Page;
using TinyUNet.ReportApi.Viewer;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The API's pipeline: problem details for errors, access control (unless Auth:Mode=None), the study endpoints, the report page, the OHIF viewer with its DICOMweb proxy and the two health probes.</summary>
public static class ReportApiEndpointExtensions
{
    public static WebApplication MapReportApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // No schemes registered means Auth:Mode=None (options are validated on start, after this, so not read here).
        if (app.Services.GetService<IAuthenticationSchemeProvider>() is null)
        {
            Log.AuthenticationOff(app.Logger);
        }
        else
        {
            // Explicitly here, after the error pages, so a 401/403 is answered before any endpoint runs.
            app.UseAuthentication();
            app.UseAuthorization();
        }
        app.MapStudyEndpoints();
        app.MapReportPage();
        app.MapViewer();
        // Open to the orchestrator's probes, which carry no credentials.
        app.MapHealthEndpoints();
        return app;
    }
}
