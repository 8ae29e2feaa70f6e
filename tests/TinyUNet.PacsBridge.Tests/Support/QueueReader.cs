using System.Text.Json;
using RabbitMQ.Client;
using TinyUNet.Contracts;
using TinyUNet.Messaging;
using TinyUNet.TestSupport;

namespace TinyUNet.PacsBridge.Tests.Support;

/// <summary>
/// Reads queue "segment-study" directly with basic.get, as RabbitMQ delivers it (priority order, AMQP priority
/// property, MassTransit's JSON envelope). Declares the queue the way the worker does, so tests can read before any
/// sender ran.
/// </summary>
public sealed class QueueReader : IAsyncDisposable
{
    private readonly IConnection connection;
    private readonly IChannel channel;

    private QueueReader(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    public static async Task<QueueReader> OpenAsync(IReadOnlyDictionary<string, string> settings)
    {
        var factory = new ConnectionFactory
        {
            HostName = settings["RabbitMq__Host"],
            Port = int.Parse(settings["RabbitMq__Port"], System.Globalization.CultureInfo.InvariantCulture),
            UserName = settings["RabbitMq__Username"],
            Password = settings["RabbitMq__Password"],
        };
        IConnection connection = await factory.CreateConnectionAsync();
        IChannel channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(SegmentStudyQueue.Name, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { [SegmentStudyQueue.MaxPriorityArgument] = StudyPriority.Max });
        return new QueueReader(connection, channel);
    }

    public async Task PurgeAsync() => await channel.QueuePurgeAsync(SegmentStudyQueue.Name);

    public async Task<uint> CountAsync() => await channel.MessageCountAsync(SegmentStudyQueue.Name);

    /// <summary>Takes every message waiting now, in the order RabbitMQ hands them out.</summary>
    public async Task<IReadOnlyList<QueuedCommand>> DrainAsync()
    {
        var messages = new List<QueuedCommand>();
        while (await channel.BasicGetAsync(SegmentStudyQueue.Name, autoAck: true) is { } result)
        {
            using JsonDocument envelope = JsonDocument.Parse(result.Body);
            JsonElement message = envelope.RootElement.GetProperty("message");
            messages.Add(new QueuedCommand(
                message.GetProperty("studyInstanceUid").GetString()!,
                message.TryGetProperty("seriesInstanceUid", out JsonElement series) && series.ValueKind == JsonValueKind.String ? series.GetString() : null,
                message.GetProperty("correlationId").GetGuid(),
                message.GetProperty("priority").GetInt32(),
                message.GetProperty("reason").ToString(),
                Text(message.GetProperty("source"), "dicomWebBaseUrl"),
                Text(message.GetProperty("source"), "path"),
                result.BasicProperties.Priority));
        }
        return messages;
    }

    /// <summary>Drains until at least <paramref name="count"/> messages came (or the timeout passed), then once more.</summary>
    public async Task<IReadOnlyList<QueuedCommand>> WaitForAsync(int count, TimeSpan timeout)
    {
        var all = new List<QueuedCommand>();
        await Poll.TryUntilAsync(async () =>
        {
            all.AddRange(await DrainAsync());
            return all.Count >= count;
        }, timeout);
        return all;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
