namespace TinyUNet.Worker.Tests.Support;

/// <summary>The end-to-end classes share one stack and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class WorkerStackCollection : ICollectionFixture<WorkerStackFixture>
{
    public const string Name = "worker stack";
}
