using SkiaSharp;

namespace TinyUNet.Training.Imaging;

/// <summary>Writes class indices as an 8-bit grayscale PNG (values are indices, not colours).</summary>
public static class LabelPngWriter
{
    public static void Write(string path, int width, int height, byte[] labels)
    {
        if (labels.Length != width * height)
            throw new ArgumentException($"{labels.Length} labels for a {width}×{height} image.", nameof(labels));
        var info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        // Skia may pad rows (RowBytes ≥ width), so copy row by row.
        for (int y = 0; y < height; y++)
            System.Runtime.InteropServices.Marshal.Copy(labels, y * width, bitmap.GetPixels() + y * bitmap.RowBytes, width);
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"PNG encoding failed for {path}.");
        string temporary = path + ".tmp";
        using (FileStream stream = File.Create(temporary)) data.SaveTo(stream);
        File.Move(temporary, path, overwrite: true);
    }
}
