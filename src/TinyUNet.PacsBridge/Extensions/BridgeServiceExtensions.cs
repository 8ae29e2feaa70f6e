using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TinyUNet.PacsBridge;
using TinyUNet.PacsBridge.Configuration;
using TinyUNet.PacsBridge.Health;
using TinyUNet.PacsBridge.Internal;
using TinyUNet.PacsBridge.Orthanc;
using TinyUNet.Storage;

namespace Microsoft.Extensions.Hosting;

/// <summary>All of the bridge's wiring: options (validated on start), Orthanc client, cursor store, sender, loop, health.</summary>
public static class BridgeServiceExtensions
{
    public static IHostApplicationBuilder AddBridgeServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        AddValidated<BridgeOptions>(services, BridgeOptions.Section, o => o.Validate());
        AddValidated<OrthancOptions>(services, OrthancOptions.Section, o => o.Validate());
        services.AddTinyUNetDatabase();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BridgeCursorStore>();
        services.AddSegmentStudySender();
        services.AddHttpClient<OrthancClient>(ConfigureOrthanc);
        services.AddSingleton(sp => new SeriesFilter(sp.GetRequiredService<IOptions<BridgeOptions>>().Value));
        services.AddScoped<StableStudyHandler>();
        services.AddScoped<ChangeFeedPump>();
        services.AddSingleton<BridgeStatus>();
        services.AddHostedService<PacsBridgeService>();

        services.AddHealthChecks()
            .AddCheck<BridgeHealthCheck>("change-feed", tags: ["ready"])
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>/health/live (the process answers) and /health/ready (feed, database and bus checks).</summary>
    public static IEndpointRouteBuilder MapBridgeHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready");
        return endpoints;
    }

    private static void AddValidated<T>(IServiceCollection services, string section, Func<T, IEnumerable<string>> problems)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new ValidatingOptions<T>(problems));
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
