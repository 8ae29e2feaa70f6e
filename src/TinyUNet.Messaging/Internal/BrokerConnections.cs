using RabbitMQ.Client;

namespace TinyUNet.Messaging.Internal;

/// <summary>Plain RabbitMQ.Client connections for declaring what MassTransit cannot (queue arguments).</summary>
internal static class BrokerConnections
{
    public static ConnectionFactory Factory(RabbitMqSettings s, string clientName) => new()
    {
        HostName = s.Host,
        Port = s.Port,
        VirtualHost = s.VirtualHost,
        UserName = s.Username,
        Password = s.Password,
        ClientProvidedName = clientName,
    };
}
