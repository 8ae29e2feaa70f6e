using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TinyUNet.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every host sets up the same way (eShop's ServiceDefaults): logging defaults, OpenTelemetry and the health check
/// service; <see cref="Microsoft.AspNetCore.Builder.HealthEndpointExtensions.MapHealthEndpoints"/> maps the probes.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Chatty libraries logged from Warning up unless configuration (Logging:LogLevel:…) says otherwise.</summary>
    private static readonly string[] QuietCategories = ["MassTransit", "System.Net.Http", "Microsoft.AspNetCore"];

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, ServiceTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(telemetry);
        builder.AddLoggingDefaults();
        builder.AddTelemetry(telemetry);
        builder.Services.AddHealthChecks();
        return builder;
    }

    private static void AddLoggingDefaults(this IHostApplicationBuilder builder) =>
        // First in the list, so a configured level for the same category (later in the list) wins over these defaults.
        builder.Services.Configure<LoggerFilterOptions>(options =>
        {
            for (int i = 0; i < QuietCategories.Length; i++)
                options.Rules.Insert(i, new LoggerFilterRule(null, QuietCategories[i], LogLevel.Warning, null));
        });

    /// <summary>
    /// The host's own sources and meters, outgoing HTTP and the .NET runtime. Exported over OTLP only where the standard
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set (the OTEL_* variables then configure it); otherwise nothing leaves the process.
    /// </summary>
    private static void AddTelemetry(this IHostApplicationBuilder builder, ServiceTelemetry telemetry)
    {
        string[] sources = [.. telemetry.Sources];
        OpenTelemetryBuilder otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetry.ServiceName))
            .WithMetrics(metrics => metrics.AddMeter(sources).AddRuntimeInstrumentation().AddHttpClientInstrumentation())
            .WithTracing(tracing => tracing.AddSource(sources).AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
    }
}
