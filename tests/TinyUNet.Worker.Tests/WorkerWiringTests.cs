using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TinyUNet.Worker.Tests;

/// <summary>The wiring in AddApplicationServices, checked on a built (never started) host: no services needed.</summary>
public sealed class WorkerWiringTests
{
    [Fact]
    public void AddApplicationServices_ShutdownTimeout_GivesHostAndMassTransitTheirTimeouts()
    {
        using IHost host = Build(new() { ["Worker:ShutdownTimeoutSeconds"] = "30" });

        Assert.Equal(TimeSpan.FromSeconds(30), host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        MassTransitHostOptions bus = host.Services.GetRequiredService<IOptions<MassTransitHostOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(30), bus.StopTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), bus.ConsumerStopTimeout);
    }

    [Fact]
    public async Task AddApplicationServices_TwoDevices_TwoModelsServeTwoStudiesAtOnceAThirdWaits()
    {
        using var temp = new TinyUNet.TestSupport.TempFolder();
        using IHost host = Build(new()
        {
            ["Model:BundlePath"] = TinyUNet.TestSupport.Models.AllLungModelBundle.Write(temp.File("model")),
            ["Device:Name"] = "cpu",
            ["Device:Count"] = "2",
        });
        var pipelines = host.Services.GetRequiredService<TinyUNet.Worker.Inference.DevicePipelines>();

        Assert.Equal(2, pipelines.Models.Count);
        Assert.NotSame(pipelines.Models[0], pipelines.Models[1]);
        Assert.Same(pipelines.Primary, host.Services.GetRequiredService<TinyUNet.Pipeline.Inference.SegmentationModel>());
        using var first = await pipelines.LeaseAsync(CancellationToken.None);
        using (var second = await pipelines.LeaseAsync(CancellationToken.None))
        {
            Assert.NotSame(first.Pipeline.Model, second.Pipeline.Model);
            Task<TinyUNet.Worker.Inference.DevicePipelines.Lease> third = pipelines.LeaseAsync(CancellationToken.None);
            Assert.False(third.IsCompleted, "a third study must wait for a device");
            second.Dispose();
            using var granted = await third.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Same(second.Pipeline, granted.Pipeline);
        }
    }

    [Fact]
    public void AddApplicationServices_DicomReadingSection_BoundAndValidated()
    {
        using (IHost host = Build(new() { ["DicomReading:DecodeTimeoutSeconds"] = "5", ["DicomReading:Selection:MinSliceCount"] = "3" }))
        {
            var reading = host.Services.GetRequiredService<IOptions<TinyUNet.Dicom.Reading.DicomReadingOptions>>().Value;
            Assert.Equal(5, reading.DecodeTimeoutSeconds);
            Assert.Equal(3, reading.Selection.MinSliceCount);
            Assert.True(reading.IsolateGdcm);
        }
        using IHost bad = Build(new() { ["DicomReading:DecodeTimeoutSeconds"] = "0" });
        var error = Assert.ThrowsAny<Exception>(() => bad.Services.GetRequiredService<IOptions<TinyUNet.Dicom.Reading.DicomReadingOptions>>().Value);
        Assert.Contains("DecodeTimeoutSeconds must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddApplicationServices_NoOtlpEndpoint_NoExporter() =>
        Assert.DoesNotContain(OtlpServices(new()), _ => true);

    [Fact]
    public void AddApplicationServices_OtlpEndpoint_ExporterRegistered() =>
        Assert.NotEmpty(OtlpServices(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317" }));

    private static IEnumerable<ServiceDescriptor> OtlpServices(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Builder(settings);
        return [.. builder.Services.Where(d =>
            (d.ServiceType.FullName ?? "").Contains("Otlp", StringComparison.Ordinal)
            || (d.ImplementationType?.FullName ?? "").Contains("Otlp", StringComparison.Ordinal))];
    }

    private static IHost Build(Dictionary<string, string?> settings) => Builder(settings).Build();

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            // Only what the test gives: the machine's own OTEL_* variables must not decide the outcome.
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddApplicationServices();
        return builder;
    }
}
