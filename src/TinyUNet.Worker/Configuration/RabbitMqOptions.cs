namespace TinyUNet.Worker.Configuration;

/// <summary>The broker. Credentials come from the environment or a secret store, never from committed files.</summary>
public sealed class RabbitMqOptions : IValidatedOptions
{
    public const string Section = "RabbitMq";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) yield return $"{Section}:Host is required.";
        if (Port is < 1 or > 65535) yield return $"{Section}:Port must be 1–65535.";
        if (string.IsNullOrWhiteSpace(Username)) yield return $"{Section}:Username is required.";
        if (string.IsNullOrEmpty(Password)) yield return $"{Section}:Password is required.";
    }
}
