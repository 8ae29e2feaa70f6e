using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using TinyUNet.TestSupport;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>
/// Reads the worker's error queue directly (as an operator would): message bodies and MassTransit's fault reason.
/// Messages read are taken off the queue and remembered, so each test finds its own whichever test read them first.
/// </summary>
public sealed class ErrorQueue(IReadOnlyDictionary<string, string> settings)
{
    public const string Name = SegmentStudyConsumerDefinition.QueueName + "_error";
    private readonly List<(string Body, string Reason)> seen = [];

    /// <summary>Waits for a faulted command whose body mentions <paramref name="marker"/>; returns its MT-Fault-Message.</summary>
    public Task<string> WaitForAsync(string marker, TimeSpan timeout) =>
        Poll.ForAsync(() => FindAsync(marker), timeout, $"a faulted command mentioning {marker} in {Name}");

    /// <summary>Whether a faulted command mentioning <paramref name="marker"/> is in the queue now (or was read before).</summary>
    public async Task<bool> ContainsAsync(string marker) => await FindAsync(marker) is not null;

    /// <summary>Takes what the queue holds now; the reason of the first command mentioning <paramref name="marker"/>, or null.</summary>
    private async Task<string?> FindAsync(string marker)
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
        try
        {
            while (await channel.BasicGetAsync(Name, autoAck: true) is { } message)
            {
                string reason = message.BasicProperties.Headers is { } headers && headers.TryGetValue("MT-Fault-Message", out object? value)
                    ? value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString() ?? ""
                    : "";
                lock (seen) seen.Add((Encoding.UTF8.GetString(message.Body.Span), reason));
            }
        }
        catch (OperationInterruptedException)
        {
            // The queue is declared with the first fault; until then a get fails (and closes the channel): nothing faulted.
        }
        lock (seen)
        {
            foreach (var (body, reason) in seen)
                if (body.Contains(marker, StringComparison.Ordinal)) return reason;
        }
        return null;
    }
}
