namespace TinyUNet.Dicom.Synthetic;

/// <summary>
/// Exact ground-truth voxel counts, indexed by model class (0 background, 1 lung field, 2 GGO, 3 consolidation):
/// over the whole volume and within each lung (index 0 is always 0 there). Whole lung = classes 1 + 2 + 3.
/// </summary>
public sealed record SyntheticChestCtCounts(
    IReadOnlyList<long> ByClass,
    IReadOnlyList<long> RightLungByClass,
    IReadOnlyList<long> LeftLungByClass)
{
    public long RightLung => RightLungByClass.Skip(1).Sum();
    public long LeftLung => LeftLungByClass.Skip(1).Sum();
}
