namespace TinyUNet.Storage;

/// <summary>
/// PostgreSQL, section "Database", for every process (worker, bridge, report API: the API with a login role that is a
/// member of tinyunet_reader). The connection string (with its password) comes from the environment
/// (Database__ConnectionString) or a secret store, never from a committed file.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public string ConnectionString { get; set; } = "";

    /// <summary>One readable line per problem (naming the setting); empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) yield return $"{Section}:ConnectionString is required.";
    }
}
