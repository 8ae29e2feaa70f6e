namespace TinyUNet.Storage;

/// <summary>Both lungs together, as stored with a run (the "total" side of its volumetrics).</summary>
public sealed record StoredTotals(
    double LungVolumeMl,
    double GgoVolumeMl,
    double ConsolidationVolumeMl,
    double? OpacityPercent,
    double? HighOpacityPercent,
    bool IncompleteCoverage);
