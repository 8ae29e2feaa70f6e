using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TinyUNet.Hosting;
using TinyUNet.PacsBridge;
using TinyUNet.PacsBridge.Configuration;
using TinyUNet.PacsBridge.Health;
using TinyUNet.PacsBridge.Orthanc;
using TinyUNet.Storage;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// All of the bridge's wiring: the shared host defaults (telemetry, logging), options (validated on start), Orthanc
/// client, cursor and sent-study stores, sender, loop and the ready checks: change feed, database and the bus (MassTransit's own).
/// </summary>
public static class BridgeServiceExtensions
{
    public const string ServiceName = "tinyunet-pacs-bridge";

    public static IHostApplicationBuilder AddBridgeServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults(new ServiceTelemetry(ServiceName, ["MassTransit", "Npgsql"]));
        IServiceCollection services = builder.Services;
        services.AddValidatedOptions<BridgeOptions>(BridgeOptions.Section);
        services.AddValidatedOptions<OrthancOptions>(OrthancOptions.Section);
        services.AddTinyUNetDatabase();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BridgeCursorStore>();
        services.AddSingleton<BridgeSentStudyStore>();
        services.AddSegmentStudySender();
        services.AddHttpClient<OrthancClient>(ConfigureOrthanc);
        services.AddSingleton(sp => new SeriesFilter(sp.GetRequiredService<IOptions<BridgeOptions>>().Value));
        services.AddScoped<StableStudyHandler>();
        services.AddScoped<ChangeFeedPump>();
        services.AddSingleton<BridgeStatus>();
        services.AddHostedService<PacsBridgeService>();

        services.AddHealthChecks()
            .AddCheck<BridgeHealthCheck>("change-feed", tags: [HealthTags.Ready])
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready]);
        return builder;
    }

    private static void ConfigureOrthanc(IServiceProvider services, HttpClient http)
    {
        OrthancOptions orthanc = services.GetRequiredService<IOptions<OrthancOptions>>().Value;
        http.BaseAddress = orthanc.RestUri;
        http.Timeout = TimeSpan.FromSeconds(orthanc.TimeoutSeconds);
        if (!string.IsNullOrEmpty(orthanc.Username))
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{orthanc.Username}:{orthanc.Password}")));
    }
}
