using System.Text;
using RabbitMQ.Client;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>Reads the worker's error queue directly (as an operator would): message bodies and MassTransit's fault reason.</summary>
public sealed class ErrorQueue(IReadOnlyDictionary<string, string> settings)
{
    public const string Name = SegmentStudyConsumerDefinition.QueueName + "_error";
    private readonly List<(string Body, string Reason)> seen = [];

    /// <summary>Waits for a faulted command whose body mentions <paramref name="marker"/>; returns its MT-Fault-Message.</summary>
    public async Task<string> WaitForAsync(string marker, TimeSpan timeout)
    {
        var factory = new ConnectionFactory
        {
            HostName = settings["RabbitMq__Host"],
            Port = int.Parse(settings["RabbitMq__Port"], System.Globalization.CultureInfo.InvariantCulture),
            UserName = settings["RabbitMq__Username"],
            Password = settings["RabbitMq__Password"],
        };
        await using IConnection connection = await factory.CreateConnectionAsync();
        await using IChannel channel = await connection.CreateChannelAsync();
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (seen)
            {
                foreach (var (body, reason) in seen)
                    if (body.Contains(marker, StringComparison.Ordinal)) return reason;
            }
            BasicGetResult? message = null;
            try { message = await channel.BasicGetAsync(Name, autoAck: true); }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"No {Name} queue: nothing has faulted yet.");
                // The queue is declared with the first fault; until then a passive get fails and closes the channel.
                await Task.Delay(250);
                await channel.DisposeAsync();
                return await WaitForAsync(marker, deadline - DateTime.UtcNow);
            }
            if (message is not null)
            {
                string reason = message.BasicProperties.Headers is { } headers && headers.TryGetValue("MT-Fault-Message", out object? value)
                    ? value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString() ?? ""
                    : "";
                lock (seen) seen.Add((Encoding.UTF8.GetString(message.Body.Span), reason));
                continue;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No faulted command mentioning {marker} in {Name}.");
            await Task.Delay(200);
        }
    }
}
