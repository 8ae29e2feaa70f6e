namespace TinyUNet.Contracts;

/// <summary>Whole-lung (both sides) volumes in mL and percentages of opacity; the full table is in the database.</summary>
public sealed record VolumeSummary
{
    public required double LungVolumeMl { get; init; }
    public required double GgoVolumeMl { get; init; }
    public required double ConsolidationVolumeMl { get; init; }
    public double? OpacityPercent { get; init; }
    public double? HighOpacityPercent { get; init; }
    public bool IncompleteCoverage { get; init; }
}
