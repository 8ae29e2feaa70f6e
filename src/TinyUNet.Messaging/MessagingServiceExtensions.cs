using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TinyUNet.Messaging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>DI for processes that only send work (the CLI verbs, the PACS bridge): a bus without consumers.</summary>
public static class MessagingServiceExtensions
{
    /// <summary>
    /// Registers <see cref="ISegmentStudySender"/> and a MassTransit RabbitMQ bus with no receive endpoints, the broker
    /// taken from configuration section "RabbitMq" and validated on start. In a host the bus starts with it; elsewhere
    /// start <see cref="IBusControl"/> yourself.
    /// </summary>
    public static IServiceCollection AddSegmentStudySender(this IServiceCollection services)
    {
        services.AddRabbitMqSettings();
        services.AddSingleton<SegmentStudyQueueDeclarer>();
        services.AddSingleton<ISegmentStudySender, MassTransitSegmentStudySender>();
        services.AddMassTransit(bus =>
        {
            // No usage reports to masstransit.io: a hospital network must not phone home (and usually cannot).
            bus.DisableUsageTelemetry();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                RabbitMqSettings settings = context.GetRequiredService<IOptions<RabbitMqSettings>>().Value;
                rabbit.Host(settings.Host, (ushort)settings.Port, settings.VirtualHost, h =>
                {
                    h.Username(settings.Username);
                    h.Password(settings.Password);
                });
            });
        });
        return services;
    }

    /// <summary>
    /// The broker's settings from section "RabbitMq", validated on start (every problem named): for the bus of a sender
    /// (<see cref="AddSegmentStudySender"/>) or of a consumer (the worker's).
    /// </summary>
    public static IServiceCollection AddRabbitMqSettings(this IServiceCollection services)
    {
        services.AddOptions<RabbitMqSettings>().BindConfiguration(RabbitMqSettings.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RabbitMqSettings>, RabbitMqSettingsValidator>());
        return services;
    }
}
