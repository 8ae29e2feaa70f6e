using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TinyUNet.Storage;
using TinyUNet.Messaging;
using TinyUNet.Worker.Configuration;

namespace TinyUNet.Worker.Tests;

public sealed class OptionsValidationTests
{
    [Fact]
    public void Validate_DefaultRabbitMq_NamesMissingSettings()
    {
        var failures = new RabbitMqSettings().Validate().ToList();
        Assert.Contains(failures, f => f.Contains("RabbitMq:Host", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("RabbitMq:Password", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CompleteRabbitMq_Valid() =>
        Assert.Empty(new RabbitMqSettings { Host = "localhost", Username = "u", Password = "p" }.Validate());

    [Fact]
    public void Validate_EmptyConnectionString_Fails() => Assert.Single(new DatabaseOptions().Validate());

    [Theory]
    [InlineData("ftp://pacs/dicom-web")]
    [InlineData("not a url")]
    public void Validate_BadDicomWebUrl_Fails(string url) =>
        Assert.Contains(new PacsOptions { DicomWebBaseUrl = url }.Validate(), f => f.Contains("DicomWebBaseUrl", StringComparison.Ordinal));

    [Fact]
    public void Validate_NoPacs_Valid() => Assert.Empty(new PacsOptions().Validate());

    [Fact]
    public void Validate_UsernameWithoutPassword_Fails() =>
        Assert.Single(new PacsOptions { DicomWebBaseUrl = "http://pacs/dicom-web", Username = "u" }.Validate());

    [Fact]
    public void Validate_RelativeStorageRoots_Fail()
    {
        var failures = new StorageOptions { OutputRoot = "out", WorkRoot = "/tmp/w", SourceRoots = ["data"] }.Validate().ToList();
        Assert.Equal(2, failures.Count);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("too-short", false)]
    [InlineData("a-site-secret-of-thirty-two-chars", true)]
    public void Validate_PatientKeySecret_EmptyOrLongEnough(string secret, bool valid) =>
        Assert.Equal(valid, !new PseudonymisationOptions { SiteSecret = secret }.Validate().Any());

    [Fact]
    public void Validate_MissingModelFolder_Fails() =>
        Assert.Contains("not a folder", Assert.Single(new ModelOptions { BundlePath = "/nonexistent/model" }.Validate()), StringComparison.Ordinal);

    [Theory]
    [InlineData("gpu", 1, 1)]
    [InlineData("cuda", 0, 1)]
    [InlineData("cuda:1", 1, 0)]
    public void Validate_BadDevice_Fails(string name, int count, int perDevice) =>
        Assert.NotEmpty(new DeviceOptions { Name = name, Count = count, StudiesPerDevice = perDevice }.Validate());

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(65, false)]
    public void Validate_Lanes_AutomaticOrOneToSixtyFour(int lanes, bool valid) =>
        Assert.Equal(valid, !new DeviceOptions { Name = "cpu", Lanes = lanes }.Validate().Any());

    [Theory]
    [InlineData(-2, false)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1536, true)]
    public void Validate_ReleaseHeapAboveMb_NeverAlwaysOrASize(int megabytes, bool valid) =>
        Assert.Equal(valid, !new DeviceOptions { Name = "cpu", ReleaseHeapAboveMb = megabytes }.Validate().Any());

    [Fact]
    public void ConcurrentStudies_IsDevicesTimesStudiesPerDevice() =>
        Assert.Equal(6, new DeviceOptions { Name = "cuda", Count = 2, StudiesPerDevice = 3 }.ConcurrentStudies);

    [Theory]
    [InlineData("cuda", 3, true, "cuda:0 cuda:1 cuda:2")]
    [InlineData("auto", 2, true, "cuda:0 cuda:1")]
    [InlineData("cuda:2", 2, true, "cuda:2 cuda:3")]
    [InlineData("auto", 2, false, "cpu cpu")]
    [InlineData("cpu", 1, true, "cpu")]
    public void DeviceNames_OneModelPerDevice(string name, int count, bool cuda, string expected) =>
        Assert.Equal(expected, string.Join(" ", new DeviceOptions { Name = name, Count = count }.DeviceNames(cuda)));

    [Fact]
    public void Validate_CudaIndexNotANumber_Fails() =>
        Assert.Contains("Device:Name", Assert.Single(new DeviceOptions { Name = "cuda:x" }.Validate()), StringComparison.Ordinal);

    [Fact]
    public void RedeliveryIntervals_Double() =>
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40)],
            new RetryOptions { Redeliveries = 3, RedeliveryIntervalSeconds = 10 }.RedeliveryIntervals());

    [Fact]
    public void ImmediateIntervals_DoublingCapped_RedeliveriesNotIncluded() =>
        Assert.Equal(new[] { 1.0, 2, 4, 4 },
            new RetryOptions { ImmediateRetries = 4, MinIntervalSeconds = 1, MaxIntervalSeconds = 4, Redeliveries = 2, RedeliveryIntervalSeconds = 10 }
                .ImmediateIntervals().Select(t => t.TotalSeconds));

    [Theory]
    [InlineData(0.0005, 1)]       // under a millisecond: RabbitMQ's TTL has no such value
    [InlineData(86_400, 6)]       // the sixth level would wait 32 days, past the 24.8 a queue TTL holds here
    [InlineData(double.NaN, 1)]
    public void Validate_RedeliveryPauseOutOfRange_Fails(double seconds, int redeliveries) =>
        Assert.Contains("redelivery pause", Assert.Single(
            new RetryOptions { Redeliveries = redeliveries, RedeliveryIntervalSeconds = seconds }.Validate()), StringComparison.Ordinal);

    [Fact]
    public void Validate_NoRedeliveries_AnyPauseAccepted() =>
        Assert.Empty(new RetryOptions { Redeliveries = 0, RedeliveryIntervalSeconds = 1e12 }.Validate());

    [Fact]
    public void Validator_Failures_ReportedAsFailedResult()
    {
        using ServiceProvider services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddTinyUNetDatabase().BuildServiceProvider();
        var result = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DatabaseOptions>>().Value);
        Assert.Contains("Database:ConnectionString", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3601)]
    public void Validate_ShutdownTimeoutOutOfRange_Fails(int seconds) =>
        Assert.Contains("Worker:ShutdownTimeoutSeconds", Assert.Single(new WorkerOptions { ShutdownTimeoutSeconds = seconds }.Validate()), StringComparison.Ordinal);

    [Theory]
    [InlineData(60, 50)]
    [InlineData(6, 3)]
    public void StudyStopGrace_KeepsTenSecondsOrHalfToAbandon(int timeout, double grace) =>
        Assert.Equal(TimeSpan.FromSeconds(grace), new WorkerOptions { ShutdownTimeoutSeconds = timeout }.StudyStopGrace);
}
