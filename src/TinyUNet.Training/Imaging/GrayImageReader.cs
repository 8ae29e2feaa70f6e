using SkiaSharp;

namespace TinyUNet.Training.Imaging;

/// <summary>Decodes JPEG/PNG images with SkiaSharp into 8-bit gray (colour images by Rec. 601 luma).</summary>
public static class GrayImageReader
{
    public static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    public static bool IsImageFile(string path) =>
        Extensions.Contains(System.IO.Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <exception cref="InvalidDataException">The file is not a decodable image.</exception>
    public static GrayImage Read(string path)
    {
        using SKBitmap? bitmap = SKBitmap.Decode(path);
        if (bitmap is null || bitmap.Width <= 0 || bitmap.Height <= 0)
            throw new InvalidDataException($"{path}: not a decodable JPEG or PNG image.");
        var pixels = new byte[bitmap.Width * bitmap.Height];
        if (bitmap.ColorType == SKColorType.Gray8)
        {
            // Skia may pad rows (RowBytes ≥ width).
            ReadOnlySpan<byte> span = bitmap.GetPixelSpan();
            for (int y = 0; y < bitmap.Height; y++)
                span.Slice(y * bitmap.RowBytes, bitmap.Width).CopyTo(pixels.AsSpan(y * bitmap.Width));
        }
        else
        {
            SKColor[] colors = bitmap.Pixels;
            for (int i = 0; i < pixels.Length; i++)
            {
                SKColor c = colors[i];
                pixels[i] = (byte)Math.Clamp((int)Math.Round(0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue), 0, 255);
            }
        }
        return new GrayImage(bitmap.Width, bitmap.Height, pixels);
    }
}
