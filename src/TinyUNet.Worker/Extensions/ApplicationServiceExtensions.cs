using System.Net.Http.Headers;
using System.Text;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Hosting;
using TinyUNet.Messaging;
using TinyUNet.Model;
using TinyUNet.Pipeline;
using TinyUNet.Pipeline.Inference;
using TinyUNet.Pipeline.Postprocessing;
using TinyUNet.Storage;
using TinyUNet.Worker;
using TinyUNet.Worker.Configuration;
using TinyUNet.Worker.Inference;
using TinyUNet.Worker.Health;
using TinyUNet.Worker.Internal;
using TinyUNet.Worker.Pacs;
using TinyUNet.Worker.Retrieval;
using TinyUNet.Worker.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// All of the worker's wiring: the shared host defaults (telemetry, logging), options (validated on start), model,
/// pipeline, storage, PACS, bus and the ready checks: database, model and the bus (MassTransit's own check, tagged
/// ready too) — a worker that cannot take or finish studies is taken out of rotation.
/// </summary>
public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Process-wide, so before anything starts a thread: the allocator tuned only where a CPU device runs inference.
        CpuInferenceTuning.ApplyFor(builder.Configuration.GetSection(DeviceOptions.Section).Get<DeviceOptions>() ?? new());
        IServiceCollection services = builder.Services;
        services.AddRabbitMqSettings();
        services.AddTinyUNetDatabase();
        services.AddValidatedOptions<PacsOptions>(PacsOptions.Section);
        services.AddValidatedOptions<StorageOptions>(StorageOptions.Section);
        services.AddValidatedOptions<PseudonymisationOptions>(PseudonymisationOptions.Section);
        services.AddValidatedOptions<ModelOptions>(ModelOptions.Section);
        services.AddValidatedOptions<DeviceOptions>(DeviceOptions.Section);
        services.AddValidatedOptions<RetryOptions>(RetryOptions.Section);
        services.AddValidatedOptions<WorkerOptions>(WorkerOptions.Section);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IdleHeapRelease>();
        services.AddSingleton(sp => DevicePipelines.Load(sp.GetRequiredService<IOptions<ModelOptions>>().Value.BundlePath,
            sp.GetRequiredService<IOptions<DeviceOptions>>().Value, sp.GetRequiredService<IOptions<DicomReadingOptions>>().Value,
            sp.GetRequiredService<IOptions<LungPostprocessingOptions>>().Value, sp.GetRequiredService<IdleHeapRelease>().OnIdle));
        // The weights' identity (sha256, manifest) for those that do not run inference; disposed with the pipelines.
        services.AddSingleton(sp => sp.GetRequiredService<DevicePipelines>().Primary);
        services.AddHostedService<ModelWarmup>();
        services.AddHostedService<OrphanedWorkCleanup>();
        services.AddHostedService<PseudonymisationCheck>();
        services.AddOptions<LungPostprocessingOptions>().BindConfiguration(LungPostprocessingOptions.SectionName)
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        // Selection and geometry rules, decoding threads, GDCM isolation and its per-file timeout ("DicomReading").
        services.AddOptions<DicomReadingOptions>().BindConfiguration(DicomReadingOptions.SectionName)
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();

        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<SegmentationRunStore>();
        services.AddSingleton<DeliveryAttemptLedger>();
        services.AddSingleton<CrashLoopGuard>();
        services.AddSingleton<SegmentStudyRetryQueueDeclarer>();
        services.AddHostedService<RetryQueueSetup>();

        services.AddHttpClient<DicomWebRetriever>(ConfigurePacs);
        services.AddHttpClient<StowClient>(ConfigurePacs);
        services.AddScoped<StudySegmentationService>();
        services.AddSingleton<FailedRunRecorder>();
        builder.AddWorkerTelemetry();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready])
            .AddCheck<ModelHealthCheck>("model", tags: [HealthTags.Ready]);
        // One instance, so its cached forward-pass result lives as long as the process (AddCheck alone makes one per probe).
        services.AddSingleton<ModelHealthCheck>();

        services.AddMassTransit(bus =>
        {
            // No usage reports to masstransit.io: a hospital network must not phone home (and usually cannot).
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumer<SegmentStudyConsumer, SegmentStudyConsumerDefinition>();
            bus.AddConsumer<SegmentStudyFaultConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                RabbitMqSettings options = context.GetRequiredService<IOptions<RabbitMqSettings>>().Value;
                rabbit.Host(options.Host, (ushort)options.Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                });
                rabbit.ConfigureEndpoints(context);
            });
        });
        // On stop, a running study gets WorkerOptions.StudyStopGrace to finish; then its consume context is cancelled,
        // the study abandoned and its message returned to the queue, all within the host's shutdown timeout.
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = worker.Value.ShutdownTimeout);
        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
        {
            host.StopTimeout = worker.Value.ShutdownTimeout;
            host.ConsumerStopTimeout = worker.Value.StudyStopGrace;
        });
        return builder;
    }

    private static void ConfigurePacs(IServiceProvider services, HttpClient http)
    {
        PacsOptions pacs = services.GetRequiredService<IOptions<PacsOptions>>().Value;
        if (pacs.BaseUri is { } baseUri) http.BaseAddress = baseUri;
        http.Timeout = TimeSpan.FromSeconds(pacs.TimeoutSeconds);
        if (!string.IsNullOrEmpty(pacs.Username))
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{pacs.Username}:{pacs.Password}")));
    }
}
