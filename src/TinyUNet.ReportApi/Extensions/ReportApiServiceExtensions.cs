using System.Text.Json.Serialization;
using TinyUNet.ReportApi.Authentication;
using TinyUNet.Hosting;
using TinyUNet.ReportApi.Configuration;
using TinyUNet.ReportApi.Health;
using TinyUNet.ReportApi.Montages;
using TinyUNet.Reporting;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// All of the report API's wiring: the shared host defaults (telemetry, logging), options (validated on start), access
/// control, the read-only queries, JSON and the ready check (the database).
/// </summary>
public static class ReportApiServiceExtensions
{
    public const string ServiceName = "tinyunet-report-api";

    public static IHostApplicationBuilder AddReportApiServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults(new ServiceTelemetry(ServiceName, ["Npgsql"]));
        IServiceCollection services = builder.Services;
        services.AddTinyUNetDatabase();
        services.AddValidatedOptions<ReportStorageOptions>(ReportStorageOptions.Section);
        services.AddValidatedOptions<ReportApiOptions>(ReportApiOptions.Section);
        services.AddValidatedOptions<ReportAuthOptions>(ReportAuthOptions.Section);
        services.AddReportApiAuthentication(builder.Configuration.GetSection(ReportAuthOptions.Section).Get<ReportAuthOptions>() ?? new());

        services.AddSingleton<ReportQueries>();
        services.AddSingleton<MontageLocator>();
        services.AddReportViewer();

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(
            new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready]);
        return builder;
    }
}
