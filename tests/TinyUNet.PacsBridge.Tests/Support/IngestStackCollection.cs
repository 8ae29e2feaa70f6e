namespace TinyUNet.PacsBridge.Tests.Support;

/// <summary>
/// Every class that needs the real services shares one stack and runs one after another: they share the queue
/// "segment-study", the CLI's environment variables and Console (all process-wide).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IngestStackCollection : ICollectionFixture<IngestStackFixture>
{
    public const string Name = "ingest stack";
}
