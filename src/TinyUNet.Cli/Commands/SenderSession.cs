using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.Messaging;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// A started send-only bus for one CLI verb, the broker from the environment (RabbitMq__Host, RabbitMq__Port,
/// RabbitMq__VirtualHost, RabbitMq__Username, RabbitMq__Password: the worker's names). Disposing stops the bus.
/// </summary>
public sealed class SenderSession : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly IBusControl bus;

    private SenderSession(ServiceProvider services, IBusControl bus)
    {
        this.services = services;
        this.bus = bus;
        Sender = services.GetRequiredService<ISegmentStudySender>();
    }

    public ISegmentStudySender Sender { get; }

    public static async Task<SenderSession> StartAsync(CancellationToken cancellationToken)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var collection = new ServiceCollection();
        collection.AddSingleton(configuration);
        // Warnings only, on stderr: stdout carries the verb's JSON.
        collection.AddLogging(l => l.AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        collection.AddSegmentStudySender();
        ServiceProvider services = collection.BuildServiceProvider();
        try
        {
            RabbitMqSettings settings = services.GetRequiredService<IOptions<RabbitMqSettings>>().Value;
            if (settings.Validate().ToList() is { Count: > 0 } problems)
                throw new InvalidOperationException("RabbitMQ settings from the environment: " +
                    string.Join(" ", problems).Replace(RabbitMqSettings.Section + ":", RabbitMqSettings.Section + "__", StringComparison.Ordinal));
            IBusControl bus = services.GetRequiredService<IBusControl>();
            await bus.StartAsync(cancellationToken);
            return new SenderSession(services, bus);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await bus.StopAsync(CancellationToken.None);
        await services.DisposeAsync();
    }
}
