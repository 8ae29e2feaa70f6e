namespace TinyUNet.Hosting;

/// <summary>
/// A host's OpenTelemetry identity: the service name resources carry, and the activity sources and meters (one name
/// list for both, as every source here names its meter the same) it exports besides the runtime's and HttpClient's.
/// </summary>
public sealed record ServiceTelemetry(string ServiceName, IReadOnlyList<string> Sources);
