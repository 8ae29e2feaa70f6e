namespace TinyUNet.Training.Nifti;

/// <summary>NIfTI-1 datatype codes this reader decodes.</summary>
public enum NiftiDatatype : short
{
    UInt8 = 2,
    Int16 = 4,
    Int32 = 8,
    Float32 = 16,
    Float64 = 64,
    Int8 = 256,
    UInt16 = 512,
    UInt32 = 768,
}
