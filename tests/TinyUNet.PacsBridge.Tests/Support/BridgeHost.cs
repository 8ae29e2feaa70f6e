using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace TinyUNet.PacsBridge.Tests.Support;

/// <summary>The bridge's real host, built in-process against the test stack and polling fast.</summary>
public static class BridgeHost
{
    public static async Task<IHost> StartAsync(IngestStackFixture stack, string name, bool startAtLatest)
    {
        ArgumentNullException.ThrowIfNull(stack);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        Dictionary<string, string?> settings = stack.Configuration();
        settings["Bridge:Name"] = name;
        settings["Bridge:PollIntervalSeconds"] = "0.3";
        settings["Bridge:MaxBackoffSeconds"] = "1";
        settings["Bridge:StartAtLatestChange"] = startAtLatest ? "true" : "false";
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:MassTransit"] = "None";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBridgeServices();
        IHost host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
