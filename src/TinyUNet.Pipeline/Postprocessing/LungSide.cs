namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>Values of a side map: the patient's side (not the image's) a whole-lung voxel belongs to.</summary>
public enum LungSide : byte
{
    None = 0,
    Right = 1,
    Left = 2,
}
