using System.Runtime.InteropServices;
using SkiaSharp;
using TinyUNet.Dicom;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Pipeline.Montage.Internal;

/// <summary>
/// One axial slice at native resolution: HU in the window as grey, GGO and consolidation blended over it in their
/// SEG display colours, and each lung field's edge drawn opaque in its side's colour, <c>outlineWidth</c> voxels
/// thick on the inside (so it survives the picture's downscaling). Colours are set here per voxel (not by Skia), so
/// they are exact and testable.
/// </summary>
internal static class SliceImage
{
    public static SKBitmap Create(HuVolume hu, LungSegmentation lungs, int slice, MontageOptions options, MontagePalette palette,
        int outlineWidth)
    {
        int columns = hu.Columns, rows = hu.Rows;
        short[] values = hu.Slices[slice];
        ReadOnlySpan<byte> classes = lungs.ClassMap.Slice(slice), sides = lungs.SideMap.Slice(slice);
        var rgba = new byte[columns * rows * 4];
        double low = options.WindowCentreHu - options.WindowWidthHu / 2;
        for (int i = 0; i < values.Length; i++)
        {
            byte grey = Grey(values[i], low, options.WindowWidthHu);
            (byte r, byte g, byte b) = (LungSide)sides[i] switch
            {
                LungSide.Right when OnEdge(sides, i, columns, rows, outlineWidth) => palette.RightLung,
                LungSide.Left when OnEdge(sides, i, columns, rows, outlineWidth) => palette.LeftLung,
                _ => classes[i] switch
                {
                    (byte)LungClass.GroundGlassOpacity => Blend(grey, palette.GroundGlassOpacity, options.OverlayOpacity),
                    (byte)LungClass.Consolidation => Blend(grey, palette.Consolidation, options.OverlayOpacity),
                    _ => (grey, grey, grey),
                },
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

    /// <summary>True when a voxel of another side (or the slice's border) lies within <paramref name="width"/> voxels along a row or column.</summary>
    public static bool OnEdge(ReadOnlySpan<byte> sides, int index, int columns, int rows, int width)
    {
        int x = index % columns, y = index / columns;
        byte side = sides[index];
        for (int d = 1; d <= width; d++)
        {
            if (x - d < 0 || x + d >= columns || y - d < 0 || y + d >= rows) return true;
            if (sides[index - d] != side || sides[index + d] != side || sides[index - d * columns] != side || sides[index + d * columns] != side)
                return true;
        }
        return false;
    }

    public static byte Grey(float hu, double windowLow, double windowWidth) =>
        (byte)Math.Round(Math.Clamp((hu - windowLow) / windowWidth, 0, 1) * 255);

    public static (byte R, byte G, byte B) Blend(byte grey, (byte R, byte G, byte B) colour, double opacity) => (
        (byte)Math.Round(opacity * colour.R + (1 - opacity) * grey),
        (byte)Math.Round(opacity * colour.G + (1 - opacity) * grey),
        (byte)Math.Round(opacity * colour.B + (1 - opacity) * grey));
}
