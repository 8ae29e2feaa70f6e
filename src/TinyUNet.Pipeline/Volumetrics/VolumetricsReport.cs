using TinyUNet.Contracts;

namespace TinyUNet.Pipeline.Volumetrics;

/// <summary>
/// Lung and lesion volumetrics of one CT series, serialisable to JSON (see <see cref="VolumetricsJson"/>). Units are
/// in the property names (Ml, Mm, Hu, Percent). Identifies the series by UIDs only: no patient attributes, ever.
/// </summary>
public sealed record VolumetricsReport
{
    /// <summary>2: <see cref="Finding"/> added, severity null where there is no lung.</summary>
    public const int CurrentSchemaVersion = 2;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public required string FrameOfReferenceUid { get; init; }
    public required ModelIdentity Model { get; init; }
    /// <summary>
    /// "no_lung": no lung in this series (nothing left inside the anatomical guard); every volume is then 0 and every
    /// severity null. Reports written before schema 2 have none and read as "lung_found".
    /// </summary>
    public LungFinding Finding { get; init; } = LungFinding.LungFound;
    public required VolumeGeometry Geometry { get; init; }
    public required RegionVolumetrics Right { get; init; }
    public required RegionVolumetrics Left { get; init; }
    public required RegionVolumetrics Total { get; init; }
    /// <summary>How <see cref="RegionVolumetrics.SeverityScore"/> is defined (per lung, not lobar).</summary>
    public required string SeverityScale { get; init; }
    /// <summary>Lung reaches the first or last slice: the scan may not cover it, volumes are then lower bounds.</summary>
    public required bool IncompleteCoverage { get; init; }
    public required bool LungOnFirstSlice { get; init; }
    public required bool LungOnLastSlice { get; init; }
    /// <summary>How right and left were told apart (a Postprocessing.SideSplitMethod name).</summary>
    public required string SideSplitMethod { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
}

/// <summary>The grid the volumes were counted on; slice spacing is from slice positions, not SliceThickness.</summary>
public sealed record VolumeGeometry(
    int Rows, int Columns, int Slices, double RowSpacingMm, double ColumnSpacingMm, double SliceSpacingMm, double VoxelVolumeMm3);
