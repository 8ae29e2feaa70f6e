using TinyUNet.Dicom.Segmentation;

namespace TinyUNet.Dicom.Synthetic;

/// <summary>
/// What the generator wrote and the truth behind it. <see cref="ClassMap"/> holds model classes per voxel,
/// <see cref="SideMap"/> 0 outside the lungs, 1 right lung, 2 left lung; both in the order of Series.Slices.
/// <see cref="MeanHuByClass"/> is the mean of the HU values actually written (noise included) per class, for checking
/// mean-HU statistics exactly.
/// </summary>
public sealed record SyntheticChestCtResult(
    CtSeries Series,
    LabelVolume ClassMap,
    LabelVolume SideMap,
    SyntheticChestCtCounts Counts,
    IReadOnlyList<double> MeanHuByClass)
{
    public const byte RightSide = 1;
    public const byte LeftSide = 2;

    /// <summary>Millilitres of <paramref name="voxels"/> voxels of this series (Δx·Δy·Δz, Δz from slice positions).</summary>
    public double VolumeMl(long voxels) => voxels * Series.VoxelVolumeMm3 / 1000.0;

    /// <summary>The four COVID segments (right lung, left lung, GGO, consolidation) as binary masks.</summary>
    public IReadOnlyList<SegmentMask> ToSegmentMasks()
    {
        LabelVolume Mask(Func<int, bool> inside)
        {
            var mask = new LabelVolume(ClassMap.Columns, ClassMap.Rows, ClassMap.Depth);
            for (int i = 0; i < mask.Voxels.Length; i++) mask.Voxels[i] = inside(i) ? (byte)1 : (byte)0;
            return mask;
        }

        return
        [
            new(CovidSegments.RightLung, Mask(i => SideMap.Voxels[i] == RightSide)),
            new(CovidSegments.LeftLung, Mask(i => SideMap.Voxels[i] == LeftSide)),
            new(CovidSegments.GroundGlassOpacity, Mask(i => ClassMap.Voxels[i] == 2)),
            new(CovidSegments.Consolidation, Mask(i => ClassMap.Voxels[i] == 3)),
        ];
    }
}
