using System.IO.Compression;

namespace TinyUNet.Reporting.Tests.Support;

/// <summary>
/// A small real PNG (RGB, zlib-compressed) that looks like a montage tile: a body, two dark lungs and coloured lesions,
/// so a browser decodes and shows it as it would the worker's picture.
/// </summary>
public static class TestPng
{
    public static byte[] Montage(int width = 480, int height = 240)
    {
        var raw = new byte[height * (1 + width * 3)];
        for (int y = 0; y < height; y++)
        {
            int row = y * (1 + width * 3);
            for (int x = 0; x < width; x++)
            {
                (byte r, byte g, byte b) = Pixel(x % (width / 2), y, width / 2, height);
                raw[row + 1 + x * 3] = r;
                raw[row + 2 + x * 3] = g;
                raw[row + 3 + x * 3] = b;
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(raw);
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static (byte, byte, byte) Pixel(int x, int y, int w, int h)
    {
        static double Ellipse(double x, double y, double cx, double cy, double rx, double ry) =>
            (x - cx) * (x - cx) / (rx * rx) + (y - cy) * (y - cy) / (ry * ry);
        if (Ellipse(x, y, w * 0.62, h * 0.45, w * 0.07, h * 0.07) < 1) return (224, 88, 79);   // consolidation
        if (Ellipse(x, y, w * 0.33, h * 0.55, w * 0.09, h * 0.12) < 1) return (242, 193, 78);  // ground glass
        if (Ellipse(x, y, w * 0.33, h * 0.5, w * 0.15, h * 0.3) < 1 || Ellipse(x, y, w * 0.67, h * 0.5, w * 0.15, h * 0.3) < 1)
            return (30, 30, 30);                                                               // lungs
        if (Ellipse(x, y, w * 0.5, h * 0.5, w * 0.45, h * 0.42) < 1) return (150, 150, 150);   // body
        return (0, 0, 0);
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        byte[] typed = [.. type.Select(c => (byte)c), .. data];
        png.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xffffffff;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xedb88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
