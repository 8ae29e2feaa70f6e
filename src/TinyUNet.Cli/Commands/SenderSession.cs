using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.Contracts;
using TinyUNet.Messaging;

namespace TinyUNet.Cli.Commands;

/// <summary>
/// A started send-only bus for one CLI verb, the broker from the environment (RabbitMq__Host, RabbitMq__Port,
/// RabbitMq__VirtualHost, RabbitMq__Username, RabbitMq__Password: the worker's names). Disposing stops the bus.
/// A broker that cannot be reached is one error line, not a wait: MassTransit alone would retry the connection forever.
/// </summary>
public sealed class SenderSession : IAsyncDisposable
{
    /// <summary>How long one step (connecting, one confirmed send) may take before the verb gives up.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private readonly ServiceProvider services;
    private readonly IBusControl bus;
    private readonly ISegmentStudySender sender;

    private SenderSession(ServiceProvider services, IBusControl bus)
    {
        this.services = services;
        this.bus = bus;
        sender = services.GetRequiredService<ISegmentStudySender>();
    }

    public static async Task<SenderSession> StartAsync(CancellationToken cancellationToken)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var collection = new ServiceCollection();
        collection.AddSingleton(configuration);
        // Our warnings on stderr (stdout carries the verb's JSON); MassTransit's connection retries would be noise here,
        // the failure itself is reported as the verb's error.
        collection.AddLogging(l => l.AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning).AddFilter("MassTransit", LogLevel.None));
        collection.AddSegmentStudySender();
        ServiceProvider services = collection.BuildServiceProvider();
        try
        {
            RabbitMqSettings settings;
            try
            {
                settings = services.GetRequiredService<IOptions<RabbitMqSettings>>().Value;
            }
            catch (OptionsValidationException e)
            {
                // Named as the environment variables the user sets.
                throw new InvalidOperationException("RabbitMQ settings from the environment: " +
                    string.Join(" ", e.Failures).Replace(RabbitMqSettings.Section + ":", RabbitMqSettings.Section + "__", StringComparison.Ordinal), e);
            }
            try
            {
                await WithTimeoutAsync("connecting",
                    token => services.GetRequiredService<SegmentStudyQueueDeclarer>().EnsureDeclaredAsync(token), cancellationToken);
            }
            catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException e)
            {
                string reason = e.InnerException?.InnerException?.Message ?? e.InnerException?.Message ?? e.Message;
                throw new InvalidOperationException($"RabbitMQ at {settings.Host}:{settings.Port} unreachable: {reason}", e);
            }
            IBusControl bus = services.GetRequiredService<IBusControl>();
            await WithTimeoutAsync("starting the bus", token => bus.StartAsync(token), cancellationToken);
            return new SenderSession(services, bus);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public Task SendAsync(SegmentStudy command, CancellationToken cancellationToken) =>
        WithTimeoutAsync("sending to RabbitMQ", token => sender.SendAsync(command, token), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(StepTimeout))
        {
            try
            {
                await bus.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // A broker gone mid-way: nothing left to flush, the verb has already reported.
            }
        }
        await services.DisposeAsync();
    }

    private static async Task WithTimeoutAsync(string step, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StepTimeout);
        try
        {
            await action(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"RabbitMQ: {step} took longer than {StepTimeout.TotalSeconds:F0} s.");
        }
    }
}
