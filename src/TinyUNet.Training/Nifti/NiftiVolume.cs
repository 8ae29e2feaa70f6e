namespace TinyUNet.Training.Nifti;

/// <summary>A NIfTI volume's header and its voxels as float (scl_slope/inter applied), x fastest, then y, then z.</summary>
public sealed record NiftiVolume(NiftiHeader Header, float[] Voxels)
{
    /// <summary>Slice z as stored: Width × Height, x fastest.</summary>
    public ReadOnlySpan<float> Slice(int z) =>
        Voxels.AsSpan(z * Header.Width * Header.Height, Header.Width * Header.Height);
}
