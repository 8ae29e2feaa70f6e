namespace TinyUNet.Worker.Configuration;

/// <summary>PostgreSQL; the connection string (with its password) comes from the environment, never from a file.</summary>
public sealed class DatabaseOptions : IValidatedOptions
{
    public const string Section = "Database";

    public string ConnectionString { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) yield return $"{Section}:ConnectionString is required.";
    }
}
