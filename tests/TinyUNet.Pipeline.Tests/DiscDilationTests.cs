using TinyUNet.Pipeline.Postprocessing.Internal;

namespace TinyUNet.Pipeline.Tests;

/// <summary>
/// The lung guard's chord-by-chord disc dilation against a brute force over every pixel pair and against the distance
/// transform it replaced, on random masks.
/// </summary>
public sealed class DiscDilationTests
{
    public static TheoryData<int, int, double, double, double, double> Cases => new()
    {
        // columns, rows, row mm, column mm, radius mm, mask density
        { 64, 48, 1, 1, 5, 0.01 },
        { 64, 48, 0.683594, 0.683594, 15, 0.002 },
        { 50, 70, 0.7421875, 0.9, 6.3, 0.05 },
        { 40, 40, 1.5, 0.8, 4.5, 0.3 },
        { 33, 29, 0.625, 0.625, 0, 0.1 },
        { 80, 60, 0.55, 0.55, 15, 0.97 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dilate_RandomMask_EqualsBruteForce(int columns, int rows, double rowMm, double columnMm, double radiusMm, double density)
    {
        var random = new Random(columns * 1000 + rows);
        var mask = new byte[columns * rows];
        for (int i = 0; i < mask.Length; i++) mask[i] = random.NextDouble() < density ? (byte)1 : (byte)0;
        var disc = new DiscDilation(rowMm, columnMm, radiusMm, columns, rows);
        var scratch = new SliceScratch(columns, rows);

        foreach (bool complement in new[] { false, true })
        {
            var result = new byte[mask.Length];
            disc.Dilate(mask, columns, rows, complement, result, scratch);

            byte[] expected = BruteForce(mask, columns, rows, rowMm, columnMm, radiusMm, complement);
            Assert.True(expected.AsSpan().SequenceEqual(result), $"complement {complement}: {Differences(expected, result)} pixels differ");
        }
    }

    [Theory]
    // 0.8 × 1 mm, 5 mm: (5, 0) is exactly 25 mm² away while (3, 5) is 25 + 4e-15; the transform keeps the latter's
    // parabola at some pixels and leaves them out, and so must its replacement.
    [InlineData(0.8, 1, 5)]
    [InlineData(1, 0.8, 5)]
    [InlineData(0.625, 0.625, 15)]
    [InlineData(0.683594, 0.683594, 15)]
    [InlineData(0.7, 0.7, 7)]
    public void Dilate_LungLikeMaskInWindow_EqualsFormerTransform(double rowMm, double columnMm, double radiusMm)
    {
        const int size = 96;
        var disc = new DiscDilation(rowMm, columnMm, radiusMm, size, size);
        var scratch = new SliceScratch(size, size);
        var random = new Random(5);
        int mismatches = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            byte[] mask = Blobs(random, size);
            byte[] grown = FormerDistanceTransform.Dilate(mask, size, size, rowMm, columnMm, radiusMm);
            byte[] erodedComplement = FormerDistanceTransform.Dilate([.. grown.Select(v => (byte)(v ^ 1))], size, size, rowMm, columnMm, radiusMm);

            // As the guard does it: on the mask's box widened by the disc's reach and a free pixel.
            (int x0, int y0, int width, int height) = Window(mask, size, disc);
            byte[] window = Crop(mask, size, x0, y0, width, height);
            var grownWindow = new byte[window.Length];
            var erodedWindow = new byte[window.Length];
            disc.Dilate(window, width, height, complement: false, grownWindow, scratch, y0, size);
            disc.Dilate(grownWindow, width, height, complement: true, erodedWindow, scratch, y0, size);

            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    bool inside = x >= x0 && x < x0 + width && y >= y0 && y < y0 + height;
                    int i = (y - y0) * width + x - x0;
                    if ((inside ? grownWindow[i] : 0) != grown[y * size + x]) mismatches++;
                    if ((inside ? erodedWindow[i] : 1) != erodedComplement[y * size + x]) mismatches++;
                }
        }
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Dilate_OnePixelAtOneMillimetreRadiusTwo_IsTheThirteenPixelDisc()
    {
        var mask = new byte[9 * 9];
        mask[4 * 9 + 4] = 1;
        var result = new byte[mask.Length];

        new DiscDilation(1, 1, 2, 9, 9).Dilate(mask, 9, 9, complement: false, result, new SliceScratch(9, 9));

        Assert.Equal(13, result.Count(v => v == 1));
        Assert.Equal(1, result[4 * 9 + 6]);
        Assert.Equal(0, result[5 * 9 + 6]); // √5 > 2
    }

    /// <summary>Every pixel against every source pixel, with the squared distance summed as the disc defines it.</summary>
    private static byte[] BruteForce(byte[] mask, int columns, int rows, double rowMm, double columnMm, double radiusMm, bool complement)
    {
        double radius2 = radiusMm * radiusMm, row2 = rowMm * rowMm, column2 = columnMm * columnMm;
        var result = new byte[mask.Length];
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < columns; x++)
                for (int i = 0; i < mask.Length && result[y * columns + x] == 0; i++)
                {
                    if ((mask[i] != 0) == complement) continue;
                    double dy = y - i / columns, dx = x - i % columns;
                    if (row2 * dy * dy + (column2 * dx * dx + 0.0) <= radius2) result[y * columns + x] = 1;
                }
        return result;
    }

    private static byte[] Blobs(Random random, int size)
    {
        var mask = new byte[size * size];
        for (int blob = random.Next(1, 4); blob > 0; blob--)
        {
            double cx = 20 + random.NextDouble() * (size - 40), cy = 20 + random.NextDouble() * (size - 40);
            double a = 2 + random.NextDouble() * 20, b = 2 + random.NextDouble() * 20;
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    if ((x - cx) * (x - cx) / (a * a) + (y - cy) * (y - cy) / (b * b) <= 1) mask[y * size + x] = 1;
        }
        for (int i = 0; i < mask.Length; i++)
            if (random.NextDouble() < 0.005) mask[i] ^= 1;
        return mask;
    }

    private static (int X0, int Y0, int Width, int Height) Window(byte[] mask, int size, DiscDilation disc)
    {
        int minX = size, maxX = -1, minY = size, maxY = -1;
        for (int i = 0; i < mask.Length; i++)
            if (mask[i] != 0)
                (minX, maxX, minY, maxY) = (Math.Min(minX, i % size), Math.Max(maxX, i % size), Math.Min(minY, i / size), Math.Max(maxY, i / size));
        int padX = disc.ReachColumns + 1, padY = disc.ReachRows + 1;
        int x0 = Math.Max(0, minX - padX), y0 = Math.Max(0, minY - padY);
        return (x0, y0, Math.Min(size - 1, maxX + padX) - x0 + 1, Math.Min(size - 1, maxY + padY) - y0 + 1);
    }

    private static byte[] Crop(byte[] mask, int size, int x0, int y0, int width, int height)
    {
        var window = new byte[width * height];
        for (int y = 0; y < height; y++) mask.AsSpan((y0 + y) * size + x0, width).CopyTo(window.AsSpan(y * width, width));
        return window;
    }

    private static int Differences(byte[] a, byte[] b) => a.Where((v, i) => v != b[i]).Count();
}
