using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using TinyUNet.ReportApi.Authentication;
using TinyUNet.ReportApi.Configuration;
using TinyUNet.ReportApi.Health;
using TinyUNet.ReportApi.Montages;
using TinyUNet.Reporting;

namespace Microsoft.Extensions.Hosting;

/// <summary>All of the report API's wiring: options (validated on start), access control, the read-only queries, JSON and health.</summary>
public static class ReportApiServiceExtensions
{
    public static IHostApplicationBuilder AddReportApiServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddTinyUNetDatabase();
        services.AddValidatedOptions<ReportStorageOptions>(ReportStorageOptions.Section);
        services.AddValidatedOptions<ReportApiOptions>(ReportApiOptions.Section);
        services.AddValidatedOptions<ReportAuthOptions>(ReportAuthOptions.Section);
        services.AddReportApiAuthentication(builder.Configuration.GetSection(ReportAuthOptions.Section).Get<ReportAuthOptions>() ?? new());

        services.AddSingleton<ReportQueries>();
        services.AddSingleton<MontageLocator>();

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(
            new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    private static void AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class, IValidatedOptions
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, ValidatedOptionsValidator<T>>();
    }
}
