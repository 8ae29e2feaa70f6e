using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.Hosting;
using TinyUNet.TestSupport;

namespace TinyUNet.Worker.Tests;

/// <summary>The hosts' shared defaults (src/TinyUNet.Hosting): probes, the bus in the readiness probe, logging levels, options.</summary>
public sealed class HostingDefaultsTests
{
    private static readonly ServiceTelemetry Telemetry = new("tinyunet-test", ["TinyUNet.Test"]);

    [Theory]
    [InlineData(HealthTags.Ready, HttpStatusCode.ServiceUnavailable)]
    [InlineData("other", HttpStatusCode.OK)]
    public async Task MapHealthEndpoints_FailingCheck_LiveAnswersReadyRunsOnlyReadyChecks(string tag, HttpStatusCode ready)
    {
        string url = $"http://127.0.0.1:{FreePort.Next()}";
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.AddServiceDefaults(Telemetry);
        builder.Services.AddHealthChecks().AddCheck("failing", () => HealthCheckResult.Unhealthy(), tags: [tag]);
        await using WebApplication app = builder.Build();
        app.MapHealthEndpoints();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        Assert.Equal(ready, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task MapRuntimeStats_Get_ManagedHeapAndWorkingSetAsJson()
    {
        string url = $"http://127.0.0.1:{FreePort.Next()}";
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        await using WebApplication app = builder.Build();
        app.MapRuntimeStats();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        using JsonDocument stats = JsonDocument.Parse(await http.GetStringAsync(new Uri(RuntimeStatsEndpointExtensions.Path, UriKind.Relative)));

        Assert.True(stats.RootElement.GetProperty("workingSetBytes").GetInt64() > 0);
        Assert.True(stats.RootElement.GetProperty("managedAllocatedNowBytes").GetInt64() > 0);
        Assert.True(stats.RootElement.GetProperty("managedHeapBytes").GetInt64() >= 0);
        Assert.True(stats.RootElement.GetProperty("managedHeapAfterGen2Bytes").GetInt64() >= 0);
        Assert.True(stats.RootElement.GetProperty("managedLiveAfterGen2Bytes").GetInt64() >= 0);
        Assert.Equal(3, stats.RootElement.GetProperty("gcCounts").GetArrayLength());
        await app.StopAsync();
    }

    [Fact]
    public async Task AddMassTransit_BusHealthCheck_TaggedReadySoTheReadinessProbeRunsIt()
    {
        var services = new ServiceCollection();
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.UsingInMemory();
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Contains(registrations, r => r.Name.Contains("masstransit", StringComparison.OrdinalIgnoreCase) && r.Tags.Contains(HealthTags.Ready));
    }

    [Fact]
    public void AddServiceDefaults_ChattyLibraries_WarningUnlessConfigured()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:MassTransit"] = "Debug" });
        builder.AddServiceDefaults(Telemetry);
        using IHost host = builder.Build();
        ILoggerFactory loggers = host.Services.GetRequiredService<ILoggerFactory>();

        Assert.True(loggers.CreateLogger("MassTransit.ReceiveTransport").IsEnabled(LogLevel.Debug));
        Assert.False(loggers.CreateLogger("System.Net.Http.HttpClient.Default").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("TinyUNet.Worker.SegmentStudyConsumer").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void AddValidatedOptions_Invalid_EveryProblemNamedOnFirstUse()
    {
        using ServiceProvider services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddValidatedOptions<TwoProblems>("Test").BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TwoProblems>>().Value);

        Assert.Equal(["Test:A is required.", "Test:B is required."], error.Failures);
    }

    private sealed class TwoProblems : IValidatedOptions
    {
        public IEnumerable<string> Validate() => ["Test:A is required.", "Test:B is required."];
    }
}
