using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TinyUNet.Worker.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// OpenTelemetry: the worker's own meter and activity source, MassTransit's, Npgsql's (built into the driver: no
/// package needed), outgoing HTTP (WADO-RS, STOW-RS) and the .NET runtime. Exported over OTLP only where the standard
/// OTEL_EXPORTER_OTLP_ENDPOINT is set (the OTEL_* variables then configure it); otherwise nothing leaves the process.
/// </summary>
public static class TelemetryServiceExtensions
{
    public const string ServiceName = "tinyunet-worker";
    private static readonly string[] Sources = [WorkerTelemetry.Name, "MassTransit", "Npgsql"];

    public static IHostApplicationBuilder AddWorkerTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<WorkerTelemetry>();
        OpenTelemetryBuilder telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics.AddMeter(Sources).AddRuntimeInstrumentation().AddHttpClientInstrumentation())
            .WithTracing(tracing => tracing.AddSource(Sources).AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) telemetry.UseOtlpExporter();
        return builder;
    }
}
