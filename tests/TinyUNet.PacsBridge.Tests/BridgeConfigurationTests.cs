using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TinyUNet.PacsBridge.Configuration;

namespace TinyUNet.PacsBridge.Tests;

/// <summary>How the bridge reads its settings (no services started).</summary>
public sealed class BridgeConfigurationTests
{
    [Fact]
    public void PacsSection_RestRootAndCredentials_AsTheDeploymentFilesSetThem()
    {
        OrthancOptions options = Bind(new()
        {
            ["Pacs:DicomWebBaseUrl"] = "http://pacs:8042/dicom-web",
            ["Pacs:RestBaseUrl"] = "http://orthanc-rest:8042",
            ["Pacs:Username"] = "bridge",
            ["Pacs:Password"] = "secret",
        });

        Assert.Equal(new Uri("http://orthanc-rest:8042/"), options.RestUri);
        Assert.Equal("bridge", options.Username);
        Assert.Equal("secret", options.Password);
    }

    [Fact]
    public void PacsSection_OtherSectionsIgnored()
    {
        OrthancOptions options = Bind(new()
        {
            ["Pacs:DicomWebBaseUrl"] = "http://pacs:8042/dicom-web",
            ["Pacs:Username"] = "worker",
            ["Pacs:Password"] = "one",
            ["Orthanc:Username"] = "other",
            ["Orthanc:Password"] = "two",
        });

        Assert.Equal(new Uri("http://pacs:8042/"), options.RestUri);
        Assert.Equal("worker", options.Username);
    }

    [Fact]
    public void Start_MissingSettings_FailsValidationNamingThem()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.AddBridgeServices();
        using IHost host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<OrthancOptions>>().Value);

        Assert.Contains("Pacs:DicomWebBaseUrl", error.Message, StringComparison.Ordinal);
    }

    private static OrthancOptions Bind(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBridgeServices();
        using IHost host = builder.Build();
        return host.Services.GetRequiredService<IOptions<OrthancOptions>>().Value;
    }
}
