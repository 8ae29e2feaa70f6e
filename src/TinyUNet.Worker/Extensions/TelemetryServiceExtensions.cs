using Microsoft.Extensions.DependencyInjection;
using TinyUNet.Hosting;
using TinyUNet.Worker.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The worker's host defaults (<see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>) with its telemetry: its own
/// meter and activity source, MassTransit's and Npgsql's (built into the driver: no package needed).
/// </summary>
public static class TelemetryServiceExtensions
{
    public const string ServiceName = "tinyunet-worker";

    public static IHostApplicationBuilder AddWorkerTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<WorkerTelemetry>();
        return builder.AddServiceDefaults(new ServiceTelemetry(ServiceName, [WorkerTelemetry.Name, "MassTransit", "Npgsql"]));
    }
}
