namespace TinyUNet.ReportApi.Configuration;

/// <summary>
/// PostgreSQL, as a login role that is a member of tinyunet_reader (SELECT only). The connection string (with its
/// password) comes from the environment (Database__ConnectionString), never from a committed file.
/// </summary>
public sealed class ReportDatabaseOptions : IValidatedOptions
{
    public const string Section = "Database";

    public string ConnectionString { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) yield return $"{Section}:ConnectionString is required.";
    }
}
