namespace TinyUNet.Training.Data;

/// <summary>
/// One labelled 2-D slice. Intensities are already windowed to [0, 1] (0 = window bottom, 1 = window top), the
/// common currency of 8-bit windowed images, NIfTI HU volumes and DICOM: the dataset does the mapping, the model's
/// per-channel mean/std come after. Labels are model class indices, row-major like the intensities.
/// </summary>
public sealed record SegmentationSample(string Name, int Width, int Height, float[] Intensities, byte[] Labels)
{
    public int PixelCount => Width * Height;
}
