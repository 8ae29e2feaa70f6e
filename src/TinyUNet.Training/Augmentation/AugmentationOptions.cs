namespace TinyUNet.Training.Augmentation;

/// <summary>
/// Training-only augmentation for axial CT slices. Flips are left–right only: an up–down flip puts the spine in
/// front, which no scanner produces. Geometry and intensity changes are small, as anatomy and HU are constrained.
/// </summary>
public sealed record AugmentationOptions
{
    public bool Enabled { get; init; } = true;
    public double HorizontalFlipProbability { get; init; } = 0.5;
    public double MaxRotationDegrees { get; init; } = 10;
    /// <summary>Scale drawn from [1 − s, 1 + s].</summary>
    public double MaxScaleChange { get; init; } = 0.1;
    /// <summary>Shift drawn from ±t of the image size.</summary>
    public double MaxTranslation { get; init; } = 0.05;
    /// <summary>Added to the [0, 1] intensities, ±b.</summary>
    public double MaxBrightness { get; init; } = 0.05;
    /// <summary>Contrast factor about the mean, [1 − c, 1 + c].</summary>
    public double MaxContrastChange { get; init; } = 0.1;
    /// <summary>Gaussian noise standard deviation on [0, 1] intensities.</summary>
    public double NoiseStd { get; init; } = 0.01;
}
