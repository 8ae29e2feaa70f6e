using System.Globalization;
using RabbitMQ.Client;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>Looks at a queue directly on the broker, as an operator would.</summary>
public static class Broker
{
    /// <summary>Messages ready on the queue (not counting ones delivered and not yet acknowledged).</summary>
    public static async Task<uint> ReadyMessagesAsync(IReadOnlyDictionary<string, string> settings, string queue) =>
        (await QueueAsync(settings, queue)).Ready;

    /// <summary>Ready messages and consumers of the queue.</summary>
    public static async Task<(uint Ready, uint Consumers)> QueueAsync(IReadOnlyDictionary<string, string> settings, string queue)
    {
        var factory = new ConnectionFactory
        {
            HostName = settings["RabbitMq__Host"],
            Port = int.Parse(settings["RabbitMq__Port"], CultureInfo.InvariantCulture),
            UserName = settings["RabbitMq__Username"],
            Password = settings["RabbitMq__Password"],
        };
        await using IConnection connection = await factory.CreateConnectionAsync();
        await using IChannel channel = await connection.CreateChannelAsync();
        QueueDeclareOk state = await channel.QueueDeclarePassiveAsync(queue);
        return (state.MessageCount, state.ConsumerCount);
    }
}
