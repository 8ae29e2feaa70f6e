namespace TinyUNet.Training.Data;

public enum DatasetFormat
{
    /// <summary>images/*.jpg|png (8-bit, windowed) with masks/&lt;stem&gt;.png holding raw label values.</summary>
    ImageFolder,
    /// <summary>images/*.nii[.gz] (HU) with labels/&lt;same name&gt; holding raw label values, sliced axially.</summary>
    Nifti,
}
