namespace TinyUNet.Training.Nifti;

/// <summary>
/// The NIfTI-1 header fields a slice reader needs. <see cref="Dimensions"/> is dim[1..dim[0]];
/// <see cref="PixelSpacing"/> is pixdim[1..3] (mm); a zero <see cref="ScaleSlope"/> means "no scaling" as the standard says.
/// </summary>
public sealed record NiftiHeader(
    IReadOnlyList<int> Dimensions,
    NiftiDatatype Datatype,
    short BitsPerVoxel,
    IReadOnlyList<float> PixelSpacing,
    float VoxelOffset,
    float ScaleSlope,
    float ScaleIntercept,
    bool LittleEndian)
{
    public const int Size = 348;

    public int Width => Dimensions[0];
    public int Height => Dimensions.Count > 1 ? Dimensions[1] : 1;
    public int Depth => Dimensions.Count > 2 ? Dimensions[2] : 1;
    public bool HasScaling => ScaleSlope != 0 && !float.IsNaN(ScaleSlope) && (ScaleSlope != 1 || ScaleIntercept != 0);
}
