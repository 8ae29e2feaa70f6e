using System.Buffers.Binary;
using System.IO.Compression;

namespace TinyUNet.Training.Imaging;

/// <summary>
/// Reads the raw sample values of a grayscale or palette PNG. Label masks are often palette PNGs (the shared set uses
/// the VOC palette, index 1 = dark red); a colour decoder would hand back palette colours, while the labels are the
/// indices, so masks are read here, not with SkiaSharp. Non-interlaced grey (1–16 bit) and palette (1–8 bit) only.
/// </summary>
public static class PngLabelReader
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <exception cref="InvalidDataException">Not a PNG, or a PNG kind labels are not stored in.</exception>
    public static (int Width, int Height, int[] Values) Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < 8 || !file.AsSpan(0, 8).SequenceEqual(Signature))
            throw new InvalidDataException($"{path}: not a PNG file.");
        int width = 0, height = 0, bitDepth = 0, colorType = -1;
        using var compressed = new MemoryStream();
        for (int offset = 8; offset + 8 <= file.Length;)
        {
            int length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset)));
            string type = System.Text.Encoding.ASCII.GetString(file, offset + 4, 4);
            if (offset + 12 + length > file.Length) throw new InvalidDataException($"{path}: truncated PNG chunk {type}.");
            ReadOnlySpan<byte> data = file.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data));
                height = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
                bitDepth = data[8];
                colorType = data[9];
                if (data[12] != 0) throw new InvalidDataException($"{path}: interlaced PNG labels are not supported.");
            }
            else if (type == "IDAT") compressed.Write(data);
            else if (type == "IEND") break;
            offset += 12 + length;
        }
        if (colorType is not (0 or 3))
            throw new InvalidDataException($"{path}: label PNGs must be grayscale or palette (colour type {colorType}).");
        if (width <= 0 || height <= 0) throw new InvalidDataException($"{path}: missing or empty IHDR.");
        if (bitDepth is not (1 or 2 or 4 or 8 or 16) || (colorType == 3 && bitDepth == 16))
            throw new InvalidDataException($"{path}: invalid PNG bit depth {bitDepth} for colour type {colorType}.");
        int samplesBits = bitDepth;
        int stride = (width * samplesBits + 7) / 8;
        int bytesPerPixel = Math.Max(1, samplesBits / 8);
        byte[] raw = Inflate(compressed, path, (stride + 1) * height);
        Unfilter(raw, stride, height, bytesPerPixel, path);
        return (width, height, Unpack(raw, width, height, stride, bitDepth));
    }

    private static byte[] Inflate(MemoryStream compressed, string path, int expected)
    {
        compressed.Position = 0;
        var raw = new byte[expected];
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            zlib.ReadExactly(raw);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: corrupt PNG image data ({e.Message}).", e);
        }
        return raw;
    }

    private static void Unfilter(byte[] raw, int stride, int height, int bpp, string path)
    {
        for (int y = 0; y < height; y++)
        {
            int row = y * (stride + 1) + 1, previous = row - stride - 1;
            byte filter = raw[row - 1];
            for (int x = 0; x < stride; x++)
            {
                int a = x >= bpp ? raw[row + x - bpp] : 0;
                int b = y > 0 ? raw[previous + x] : 0;
                int c = x >= bpp && y > 0 ? raw[previous + x - bpp] : 0;
                raw[row + x] = (byte)(raw[row + x] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"{path}: unknown PNG filter {filter} in row {y}."),
                });
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static int[] Unpack(byte[] raw, int width, int height, int stride, int bitDepth)
    {
        var values = new int[width * height];
        for (int y = 0; y < height; y++)
        {
            int row = y * (stride + 1) + 1;
            for (int x = 0; x < width; x++)
            {
                values[y * width + x] = bitDepth switch
                {
                    16 => raw[row + 2 * x] << 8 | raw[row + 2 * x + 1],
                    8 => raw[row + x],
                    _ => raw[row + x * bitDepth / 8] >> (8 - bitDepth - x * bitDepth % 8) & ((1 << bitDepth) - 1),
                };
            }
        }
        return values;
    }
}
