using TinyUNet.Dicom.Segmentation;

namespace TinyUNet.Pipeline.Montage;

/// <summary>
/// Overlay colours (sRGB): the recommended display colours of the SEG's segments, so picture and viewer agree.
/// Lesions are filled, the lung fields outlined.
/// </summary>
public sealed record MontagePalette(
    (byte R, byte G, byte B) GroundGlassOpacity,
    (byte R, byte G, byte B) Consolidation,
    (byte R, byte G, byte B) RightLung,
    (byte R, byte G, byte B) LeftLung)
{
    public static MontagePalette FromSegments { get; } = new(
        Colour(CovidSegments.GroundGlassOpacity), Colour(CovidSegments.Consolidation),
        Colour(CovidSegments.RightLung), Colour(CovidSegments.LeftLung));

    private static (byte R, byte G, byte B) Colour(SegmentDescription segment) =>
        segment.Colour ?? throw new InvalidOperationException($"Segment '{segment.Label}' has no colour.");
}
