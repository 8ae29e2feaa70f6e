namespace TinyUNet.Reporting;

/// <summary>
/// Which studies a cohort holds (each by its latest successful run); every bound is optional and inclusive. A bound on
/// the date or the opacity leaves out studies without a study date or without lung, respectively.
/// </summary>
public sealed record CohortFilter
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public double? MinOpacityPercent { get; init; }
    /// <summary>Exact model name of the latest successful run.</summary>
    public string? ModelName { get; init; }

    /// <summary>Problems with the filter, one readable line each; empty when it is usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (From is { } from && To is { } to && from > to) yield return "from must not be after to.";
        if (MinOpacityPercent is { } min && (double.IsNaN(min) || min < 0 || min > 100))
            yield return "minimum opacity must be a percentage from 0 to 100.";
    }
}
