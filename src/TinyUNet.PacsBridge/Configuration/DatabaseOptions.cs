namespace TinyUNet.PacsBridge.Configuration;

/// <summary>PostgreSQL (the cursor); same key as the worker's. The connection string comes from the environment.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public string ConnectionString { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) yield return $"{Section}:ConnectionString is required.";
    }
}
