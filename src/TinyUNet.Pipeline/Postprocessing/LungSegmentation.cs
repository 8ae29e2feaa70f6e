using TinyUNet.Dicom;

namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>
/// The cleaned segmentation of one series, every volume on the series' grid: the class map (<see cref="LungClass"/>
/// values), the side map (<see cref="LungSide"/> values) and one 0/1 mask per DICOM-SEG segment. Right and left lung
/// masks cover the whole lung (lung field, GGO and consolidation) of that side.
/// </summary>
public sealed record LungSegmentation
{
    public required LabelVolume ClassMap { get; init; }
    public required LabelVolume SideMap { get; init; }
    public required LabelVolume RightLung { get; init; }
    public required LabelVolume LeftLung { get; init; }
    public required LabelVolume GroundGlassOpacity { get; init; }
    public required LabelVolume Consolidation { get; init; }
    public required SideSplitMethod SideSplitMethod { get; init; }
    /// <summary>Patient x (mm, LPS) of the plane separating right (below) from left (above); null without lung.</summary>
    public double? SplitPlaneX { get; init; }
    /// <summary>Whole-lung components kept after island removal.</summary>
    public required int LungComponentCount { get; init; }
    public required int RemovedIslandCount { get; init; }
    public required long RemovedIslandVoxels { get; init; }
    /// <summary>GGO/consolidation voxels removed because their component touched no lung field.</summary>
    public required long RemovedLesionVoxels { get; init; }
}
