using TinyUNet.Reporting;
using TinyUNet.Hosting;

namespace TinyUNet.ReportApi.Configuration;

/// <summary>Paging of cohort listings: the page size when a request names none, and the most a request gets.</summary>
public sealed class ReportApiOptions : IValidatedOptions
{
    public const string Section = "ReportApi";

    public int DefaultPageSize { get; set; } = 50;
    public int MaxPageSize { get; set; } = 200;

    public IEnumerable<string> Validate()
    {
        if (MaxPageSize is < 1 or > ReportQueries.MaxPageSize)
            yield return $"{Section}:MaxPageSize must be between 1 and {ReportQueries.MaxPageSize}.";
        if (DefaultPageSize < 1 || DefaultPageSize > MaxPageSize)
            yield return $"{Section}:DefaultPageSize must be between 1 and {Section}:MaxPageSize.";
    }
}
