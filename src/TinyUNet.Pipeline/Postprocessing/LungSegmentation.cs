using TinyUNet.Dicom;

namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>
/// The cleaned segmentation of one series, every volume on the series' grid: the class map (<see cref="LungClass"/>
/// values), the side map (<see cref="LungSide"/> values) and one 0/1 mask per DICOM-SEG segment. Right and left lung
/// masks cover the whole lung (lung field, GGO and consolidation) of that side. The masks are derived from the two
/// maps on first use and then kept: at 512 × 512 × 300 each is 79 MB, so the pipeline's SEG and volumetrics read the
/// maps instead.
/// </summary>
public sealed class LungSegmentation
{
    private readonly Lazy<LabelVolume> rightLung, leftLung, groundGlassOpacity, consolidation;

    public LungSegmentation(LabelVolume classMap, LabelVolume sideMap)
    {
        ArgumentNullException.ThrowIfNull(classMap);
        ArgumentNullException.ThrowIfNull(sideMap);
        if (classMap.Columns != sideMap.Columns || classMap.Rows != sideMap.Rows || classMap.Depth != sideMap.Depth)
            throw new ArgumentException("Class map and side map are on different grids.", nameof(sideMap));
        ClassMap = classMap;
        SideMap = sideMap;
        rightLung = new(() => Select(sideMap, (byte)LungSide.Right));
        leftLung = new(() => Select(sideMap, (byte)LungSide.Left));
        groundGlassOpacity = new(() => Select(classMap, (byte)LungClass.GroundGlassOpacity));
        consolidation = new(() => Select(classMap, (byte)LungClass.Consolidation));
    }

    public LabelVolume ClassMap { get; }
    public LabelVolume SideMap { get; }
    public LabelVolume RightLung => rightLung.Value;
    public LabelVolume LeftLung => leftLung.Value;
    public LabelVolume GroundGlassOpacity => groundGlassOpacity.Value;
    public LabelVolume Consolidation => consolidation.Value;

    public SideSplitMethod SideSplitMethod { get; init; }
    /// <summary>Patient x (mm, LPS) of the plane separating right (below) from left (above); null without lung.</summary>
    public double? SplitPlaneX { get; init; }
    /// <summary>Whole-lung components kept after island removal.</summary>
    public int LungComponentCount { get; init; }
    public int RemovedIslandCount { get; init; }
    public long RemovedIslandVoxels { get; init; }
    /// <summary>GGO/consolidation voxels removed because their component touched no lung field.</summary>
    public long RemovedLesionVoxels { get; init; }

    private static LabelVolume Select(LabelVolume source, byte value)
    {
        // Every byte is written, so the array need not be zeroed first.
        byte[] voxels = GC.AllocateUninitializedArray<byte>(source.Voxels.Length);
        LabelVolume.SelectEqual(source.Voxels, value, voxels);
        return new LabelVolume(source.Columns, source.Rows, source.Depth, voxels);
    }
}
