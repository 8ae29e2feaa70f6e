using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TinyUNet.PacsBridge.Configuration;
using TinyUNet.PacsBridge.Internal;

namespace TinyUNet.PacsBridge;

/// <summary>
/// The poll loop: pump pages until the feed is drained, wait the poll interval, repeat. Any failure (Orthanc, RabbitMQ
/// or PostgreSQL unreachable, a bad answer) is logged and retried after a pause doubling up to MaxBackoffSeconds; it
/// never ends the host. The cursor is untouched by a failed change, so the retry starts from it.
/// </summary>
internal sealed class PacsBridgeService(IServiceScopeFactory scopes, BridgeStatus status, IOptions<BridgeOptions> options,
    TimeProvider time, ILogger<PacsBridgeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        BridgeOptions o = options.Value;
        Log.Started(logger, o.Name, o.PollIntervalSeconds, string.Join(",", o.EffectiveModalities));
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan pause;
            try
            {
                bool more;
                using (IServiceScope scope = scopes.CreateScope())
                    more = await scope.ServiceProvider.GetRequiredService<ChangeFeedPump>().PumpOnceAsync(stoppingToken);
                status.Succeeded();
                if (more) continue;
                pause = TimeSpan.FromSeconds(o.PollIntervalSeconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                status.Failed(e);
                pause = TimeSpan.FromSeconds(Math.Min(o.MaxBackoffSeconds,
                    o.PollIntervalSeconds * Math.Pow(2, Math.Min(20, status.ConsecutiveFailures - 1))));
                // Type and message only: HTTP, AMQP and Npgsql errors name hosts and statuses, never patient data.
                Log.PollFailed(logger, o.Name, status.ConsecutiveFailures, e.GetType().Name, e.Message, pause.TotalSeconds);
            }
            try
            {
                await Task.Delay(pause, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Log.Stopped(logger, o.Name);
    }
}
