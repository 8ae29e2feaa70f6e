using TinyUNet.Training.Imaging;

namespace TinyUNet.Training.Tests;

/// <summary>Writes small image-folder datasets: a dark disc ("lung") with a bright blob ("lesion") on gray tissue.</summary>
public static class SyntheticSlices
{
    public static byte[] Image(int width, int height, int seed)
    {
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                pixels[y * width + x] = (byte)(InDisc(x, y, width, height) ? 40 + (x * 7 + y * 3 + seed) % 20 : 200);
        return pixels;
    }

    /// <summary>Raw mask values: 1 in a lesion square inside the disc, else 0.</summary>
    public static byte[] Mask(int width, int height)
    {
        var mask = new byte[width * height];
        for (int y = height / 2 - 3; y < height / 2 + 3; y++)
            for (int x = width / 2 - 3; x < width / 2 + 3; x++) mask[y * width + x] = 1;
        return mask;
    }

    public static string WriteDataset(string root, int count, int width, int height)
    {
        string images = Directory.CreateDirectory(Path.Combine(root, "images")).FullName;
        string masks = Directory.CreateDirectory(Path.Combine(root, "masks")).FullName;
        for (int i = 0; i < count; i++)
        {
            LabelPngWriter.Write(Path.Combine(images, $"{i}.png"), width, height, Image(width, height, i));
            LabelPngWriter.Write(Path.Combine(masks, $"{i}.png"), width, height, Mask(width, height));
        }
        return root;
    }

    private static bool InDisc(int x, int y, int width, int height)
    {
        double dx = (x - width / 2.0) / (width * 0.35), dy = (y - height / 2.0) / (height * 0.35);
        return dx * dx + dy * dy < 1;
    }
}
