namespace TinyUNet.Messaging;

/// <summary>
/// The broker (RabbitMq__Host, RabbitMq__Port, …): one class and one environment for the worker, the bridge and the CLI.
/// Credentials come from the environment or a secret store, never from committed files.
/// </summary>
public sealed class RabbitMqSettings
{
    public const string Section = "RabbitMq";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";

    /// <summary>One readable line per problem (naming the setting); empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) yield return $"{Section}:Host is required.";
        if (Port is < 1 or > 65535) yield return $"{Section}:Port must be 1–65535.";
        if (string.IsNullOrWhiteSpace(VirtualHost)) yield return $"{Section}:VirtualHost must not be empty.";
        if (string.IsNullOrWhiteSpace(Username)) yield return $"{Section}:Username is required.";
        if (string.IsNullOrEmpty(Password)) yield return $"{Section}:Password is required.";
    }
}
