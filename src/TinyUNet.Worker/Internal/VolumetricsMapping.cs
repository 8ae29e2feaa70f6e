using TinyUNet.Pipeline.Volumetrics;
using TinyUNet.Storage;

namespace TinyUNet.Worker.Internal;

/// <summary>Volumetrics report → database rows (every class of every side, zeros included) and the totals kept with the run.</summary>
internal static class VolumetricsMapping
{
    public static IReadOnlyList<VolumetricsRow> ToRows(VolumetricsReport report) =>
        [.. new[] { report.Right, report.Left, report.Total }.SelectMany(region => region.Classes.Select(c => new VolumetricsRow(
            region.Region, c.Class, c.VoxelCount, c.VolumeMl,
            region.LungVolumeMl > 0 ? 100 * c.VolumeMl / region.LungVolumeMl : null,
            c.MeanHu, c.StdHu)))];

    public static StoredTotals ToTotals(VolumetricsReport report) => new(
        report.Total.LungVolumeMl, report.Total.GgoVolumeMl, report.Total.ConsolidationVolumeMl,
        report.Total.OpacityPercent, report.Total.HighOpacityPercent, report.IncompleteCoverage);
}
