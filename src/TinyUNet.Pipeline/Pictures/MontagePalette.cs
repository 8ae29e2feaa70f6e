using TinyUNet.Dicom.Segmentation;

namespace TinyUNet.Pipeline.Pictures;

/// <summary>Overlay colours (sRGB): the recommended display colours of the SEG's segments, so picture and viewer agree.</summary>
public sealed record MontagePalette((byte R, byte G, byte B) GroundGlassOpacity, (byte R, byte G, byte B) Consolidation)
{
    public static MontagePalette FromSegments { get; } = new(
        CovidSegments.GroundGlassOpacity.Colour ?? throw new InvalidOperationException("GGO segment has no colour."),
        CovidSegments.Consolidation.Colour ?? throw new InvalidOperationException("Consolidation segment has no colour."));
}
