namespace TinyUNet.Training.Data;

public enum DatasetFormat
{
    /// <summary>images/*.jpg|png (8-bit, windowed) with masks/&lt;stem&gt;.png holding raw label values.</summary>
    ImageFolder,
    /// <summary>images/*.nii[.gz] (HU) with labels/&lt;same name&gt; holding raw label values, sliced axially.</summary>
    Nifti,
    /// <summary>
    /// DICOM CT series + DICOM-SEG. Implemented beside the DICOM layer (this project stays free of GDCM) and handed to
    /// <see cref="DatasetFactory.Open"/> as an opener for this format.
    /// </summary>
    DicomSeg,
}
