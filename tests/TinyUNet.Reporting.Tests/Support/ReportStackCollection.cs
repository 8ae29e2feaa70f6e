namespace TinyUNet.Reporting.Tests.Support;

/// <summary>The end-to-end classes that share one <see cref="ReportStackFixture"/> (and so run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ReportStackCollection : ICollectionFixture<ReportStackFixture>
{
    public const string Name = "report stack";
}
