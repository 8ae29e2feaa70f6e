namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>Which voxels count as neighbours when forming 3-D connected components.</summary>
public enum Connectivity
{
    /// <summary>Face neighbours only (6). nnU-Net's and scipy.ndimage.label's default.</summary>
    Face6 = 6,
    /// <summary>Faces, edges and corners (26).</summary>
    Full26 = 26,
}
