using System.Globalization;
using RabbitMQ.Client;
using TinyUNet.TestSupport;

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
        await using IConnection connection = await Factory(settings).CreateConnectionAsync();
        await using IChannel channel = await connection.CreateChannelAsync();
        QueueDeclareOk state = await channel.QueueDeclarePassiveAsync(queue);
        return (state.MessageCount, state.ConsumerCount);
    }

    /// <summary>
    /// Waits for a message on the queue and looks at it without taking it: got unacknowledged, then returned to the
    /// head of the queue (a TTL queue keeps its expiry).
    /// </summary>
    public static async Task<(IReadOnlyBasicProperties Properties, string Body)> PeekAsync(IReadOnlyDictionary<string, string> settings,
        string queue, TimeSpan timeout)
    {
        await using IConnection connection = await Factory(settings).CreateConnectionAsync();
        await using IChannel channel = await connection.CreateChannelAsync();
        BasicGetResult message = await Poll.ForAsync(() => channel.BasicGetAsync(queue, autoAck: false), timeout, $"a message in {queue}");
        await channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true);
        return (message.BasicProperties, System.Text.Encoding.UTF8.GetString(message.Body.Span));
    }

    private static ConnectionFactory Factory(IReadOnlyDictionary<string, string> settings) => new()
    {
        HostName = settings["RabbitMq__Host"],
        Port = int.Parse(settings["RabbitMq__Port"], CultureInfo.InvariantCulture),
        UserName = settings["RabbitMq__Username"],
        Password = settings["RabbitMq__Password"],
    };
}
