using TinyUNet.ReportApi.Viewer;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The viewer's services: its options (Viewer, Pacs), the build's files and the DICOMweb proxy's client.</summary>
public static class ViewerServiceExtensions
{
    public static IServiceCollection AddReportViewer(this IServiceCollection services)
    {
        services.AddValidatedOptions<ViewerOptions>(ViewerOptions.Section);
        services.AddValidatedOptions<ViewerPacsOptions>(ViewerPacsOptions.Section);
        services.AddOptions<ViewerOptions>().PostConfigure<Microsoft.Extensions.Options.IOptions<ViewerPacsOptions>>(
            (viewer, pacs) => viewer.HasPacs = !string.IsNullOrWhiteSpace(pacs.Value.DicomWebBaseUrl));
        services.AddSingleton<ViewerFiles>();
        services.AddSingleton<DicomWebProxy>();
        services.AddHttpClient(DicomWebProxy.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // A redirect could lead anywhere; the proxy passes on the PACS's answer as it is.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        return services;
    }
}
