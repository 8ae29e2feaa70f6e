using System.Runtime.InteropServices;
using SkiaSharp;
using TinyUNet.Dicom;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Pipeline.Pictures.Internal;

/// <summary>
/// One axial slice at native resolution: HU in the window as grey, GGO and consolidation blended over it in their
/// SEG display colours. Blending is done here per voxel (not by Skia) so the colours are exact and testable.
/// </summary>
internal static class SliceImage
{
    public static SKBitmap Create(HuVolume hu, LabelVolume classMap, int slice, MontageOptions options, MontagePalette palette)
    {
        int columns = hu.Columns, rows = hu.Rows;
        float[] values = hu.Slices[slice];
        ReadOnlySpan<byte> classes = classMap.Slice(slice);
        var rgba = new byte[columns * rows * 4];
        double low = options.WindowCentreHu - options.WindowWidthHu / 2;
        for (int i = 0; i < values.Length; i++)
        {
            byte grey = Grey(values[i], low, options.WindowWidthHu);
            (byte r, byte g, byte b) = classes[i] switch
            {
                (byte)LungClass.GroundGlassOpacity => Blend(grey, palette.GroundGlassOpacity, options.OverlayOpacity),
                (byte)LungClass.Consolidation => Blend(grey, palette.Consolidation, options.OverlayOpacity),
                _ => (grey, grey, grey),
            };
            rgba[i * 4] = r;
            rgba[i * 4 + 1] = g;
            rgba[i * 4 + 2] = b;
            rgba[i * 4 + 3] = 255;
        }
        var bitmap = new SKBitmap(new SKImageInfo(columns, rows, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        bitmap.NotifyPixelsChanged();
        return bitmap;
    }

    public static byte Grey(float hu, double windowLow, double windowWidth) =>
        (byte)Math.Round(Math.Clamp((hu - windowLow) / windowWidth, 0, 1) * 255);

    public static (byte R, byte G, byte B) Blend(byte grey, (byte R, byte G, byte B) colour, double opacity) => (
        (byte)Math.Round(opacity * colour.R + (1 - opacity) * grey),
        (byte)Math.Round(opacity * colour.G + (1 - opacity) * grey),
        (byte)Math.Round(opacity * colour.B + (1 - opacity) * grey));
}
