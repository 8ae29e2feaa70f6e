namespace TinyUNet.Dicom.Reading;

/// <summary>Tolerances for turning a series' slices into a regular volume (see <see cref="SeriesGeometryBuilder"/>).</summary>
public sealed record SeriesGeometryRules
{
    /// <summary>Slices closer than this along the normal (mm) are duplicates: the series is rejected.</summary>
    public double DuplicatePositionToleranceMm { get; init; } = 0.01;

    /// <summary>
    /// A step may differ from the median step by this fraction before it counts as a gap (≈ whole multiples) or
    /// as non-uniform spacing.
    /// </summary>
    public double SpacingRelativeTolerance { get; init; } = 0.1;

    /// <summary>Missing slices (gaps of whole multiples of the step): rejected unless allowed, then a warning.</summary>
    public bool AllowMissingSlices { get; init; }

    /// <summary>Steps that deviate from the mean by more than this (mm) but stay within tolerance are a warning.</summary>
    public double SpacingWarningMm { get; init; } = 0.01;

    /// <summary>
    /// Largest angle (degrees) between the slice normal and the line through two slice positions. Beyond it the
    /// stack is sheared (gantry tilt or an oblique stack) and voxels would be misplaced: rejected.
    /// </summary>
    public double MaxStackAngleDegrees { get; init; } = 0.5;

    /// <summary>Largest difference between slices' orientation cosines, and relative pixel spacing difference.</summary>
    public double OrientationTolerance { get; init; } = 1e-3;
}
