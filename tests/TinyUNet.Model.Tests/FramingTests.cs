using TinyUNet.Model.Bundles;
using TinyUNet.Model.Framing;

namespace TinyUNet.Model.Tests;

public sealed class FramingTests
{
    private static float[] Raster(int width, int height, Func<int, int, float> value)
    {
        var pixels = new float[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                pixels[y * width + x] = value(x, y);
        return pixels;
    }

    [Fact]
    public void BodyBox_BodyAndTable_BoxesTheLargerRegionOnly()
    {
        // Air −1000; a 30 × 20 body of soft tissue at (8, 4); a 40 × 2 table below it, not touching.
        float[] hu = Raster(64, 40, (x, y) =>
            x is >= 8 and < 38 && y is >= 4 and < 24 ? 40
            : x is >= 2 and < 62 && y is >= 30 and < 32 ? 200
            : -1000);

        Assert.Equal(new PixelBox(8, 4, 30, 20), BodyBox.Find(hu, 64, 40, -500));
    }

    [Fact]
    public void BodyBox_LungsInsideBody_AreInsideTheBox()
    {
        // A body ring with dark lungs inside: the box is the ring's, lungs included.
        float[] hu = Raster(50, 50, (x, y) =>
            x is >= 5 and < 45 && y is >= 10 and < 40 ? (x is >= 10 and < 40 && y is >= 15 and < 35 ? -850 : 40) : -1000);

        Assert.Equal(new PixelBox(5, 10, 40, 30), BodyBox.Find(hu, 50, 50, -500));
    }

    [Fact]
    public void BodyBox_NothingAboveThreshold_IsTheWholeSlice() =>
        Assert.Equal(PixelBox.Whole(20, 10), BodyBox.Find(new float[200], 20, 10, 0.5f));

    [Fact]
    public void BodyBox_RandomBlobs_SameBoxAsAPixelFloodFill()
    {
        // Noise of every density, NaN among it, sizes with odd widths: the run labelling must find what a plain
        // 4-connected flood fill finds, ties between equal regions included (the first met in raster order wins).
        var random = new Random(12);
        for (int trial = 0; trial < 300; trial++)
        {
            int width = random.Next(1, 40), height = random.Next(1, 40);
            double density = random.NextDouble();
            float[] values = [.. Enumerable.Range(0, width * height).Select(_ =>
                random.NextDouble() < 0.02 ? float.NaN : random.NextDouble() < density ? 1f : 0f)];

            Assert.Equal(FloodFillBox(values, width, height, 0.5f), BodyBox.Find(values, width, height, 0.5f));
        }
    }

    /// <summary>The obvious algorithm, as the reference: flood fill from each unvisited pixel in raster order.</summary>
    private static PixelBox FloodFillBox(float[] values, int width, int height, float threshold)
    {
        var seen = new bool[values.Length];
        int bestSize = 0;
        PixelBox best = PixelBox.Whole(width, height);
        for (int first = 0; first < values.Length; first++)
        {
            if (seen[first] || !(values[first] > threshold)) continue;
            var queue = new Queue<int>([first]);
            seen[first] = true;
            int size = 0, minX = width, minY = height, maxX = -1, maxY = -1;
            while (queue.TryDequeue(out int p))
            {
                int x = p % width, y = p / width;
                (size, minX, maxX, minY, maxY) = (size + 1, Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
                foreach (int q in new[] { x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, y > 0 ? p - width : -1, y < height - 1 ? p + width : -1 })
                    if (q >= 0 && !seen[q] && values[q] > threshold) { seen[q] = true; queue.Enqueue(q); }
            }
            if (size > bestSize) (bestSize, best) = (size, new PixelBox(minX, minY, maxX - minX + 1, maxY - minY + 1));
        }
        return bestSize >= 0.01 * values.Length ? best : PixelBox.Whole(width, height);
    }

    public static TheoryData<bool, bool, bool> AllTransforms()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (bool t in new[] { false, true })
            foreach (bool c in new[] { false, true })
                foreach (bool r in new[] { false, true })
                    data.Add(t, c, r);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllTransforms))]
    public void InPlaneTransform_InvertAfterApply_IsTheOriginal(bool transpose, bool flipColumns, bool flipRows)
    {
        var transform = new InPlaneTransform(transpose, flipColumns, flipRows);
        float[] source = Raster(5, 3, (x, y) => y * 5 + x);
        var turned = new float[15];
        var back = new float[15];

        transform.Apply<float>(source, 3, 5, turned);
        transform.Invert<float>(turned, 3, 5, back);

        Assert.Equal(source, back);
        Assert.Equal(transpose ? (5, 3) : (3, 5), transform.Shape(3, 5));
    }

    [Theory]
    [MemberData(nameof(AllTransforms))]
    public void InPlaneTransform_TensorFormAndBoxMapping_AgreeWithTheRasterForm(bool transpose, bool flipColumns, bool flipRows)
    {
        var transform = new InPlaneTransform(transpose, flipColumns, flipRows);
        const int rows = 5, columns = 7;
        float[] raster = [.. Enumerable.Range(0, rows * columns).Select(i => (float)i)];
        var expected = new float[raster.Length];
        transform.Apply<float>(raster, rows, columns, expected);
        var (outRows, outColumns) = transform.Shape(rows, columns);

        using var scope = TorchSharp.torch.NewDisposeScope();
        TorchSharp.torch.Tensor turned = transform.Apply(TorchSharp.torch.tensor(raster, [1, 1, rows, columns]));
        Assert.Equal(new long[] { 1, 1, outRows, outColumns }, turned.shape);
        Assert.Equal(expected, turned.contiguous().data<float>().ToArray());
        Assert.Equal(raster, transform.Invert(turned).contiguous().data<float>().ToArray());

        // A box's pixels land in the box's image: crop-then-turn equals turn-then-crop.
        var box = new PixelBox(1, 2, 4, 3);
        PixelBox moved = transform.Apply(box, rows, columns);
        var cropThenTurn = new float[box.Width * box.Height];
        transform.Apply<float>(box.Crop(raster, columns), box.Height, box.Width, cropThenTurn);
        Assert.Equal(moved.Crop(expected, outColumns), cropThenTurn);
    }

    [Fact]
    public void ToModel_StandardAxialToTransposedModel_IsAPlainTranspose()
    {
        InPlaneTransform transform = InPlaneTransform.ToModel(1, 0, 0, 1, SliceOrientation.Transposed);
        float[] source = Raster(3, 2, (x, y) => y * 3 + x); // rows [0 1 2], [3 4 5]
        var turned = new float[6];

        transform.Apply<float>(source, 2, 3, turned);

        Assert.Equal(new InPlaneTransform(true, false, false), transform);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, turned);
    }

    [Theory]
    [InlineData(-1, 0, 0, 1)]  // rows run to the patient's right
    [InlineData(1, 0, 0, -1)]  // columns run anterior
    [InlineData(0, 1, 1, 0)]   // stored transposed
    [InlineData(0, -1, -1, 0)] // stored transposed and turned
    public void ToModel_AnyStoredAxialOrientation_GivesTheSameModelFrame(double rowX, double rowY, double columnX, double columnY)
    {
        // The patient: a radiological-view raster with a distinct value per position.
        const int rows = 4, columns = 6;
        float[] radiological = Raster(columns, rows, (x, y) => y * columns + x);
        InPlaneTransform standard = InPlaneTransform.ToModel(1, 0, 0, 1, SliceOrientation.Transposed);
        var expected = new float[rows * columns];
        standard.Apply<float>(radiological, rows, columns, expected);

        // The same patient as another scanner stores it: pixel (r, c) lies at patient position r·column + c·row.
        bool transposed = Math.Abs(rowY) > Math.Abs(rowX);
        int storedRows = transposed ? columns : rows, storedColumns = transposed ? rows : columns;
        int x0 = rowX < 0 || columnX < 0 ? columns - 1 : 0, y0 = rowY < 0 || columnY < 0 ? rows - 1 : 0;
        float[] stored = Raster(storedColumns, storedRows, (c, r) =>
            radiological[(y0 + (int)(c * rowY + r * columnY)) * columns + x0 + (int)(c * rowX + r * columnX)]);
        InPlaneTransform transform = InPlaneTransform.ToModel(rowX, rowY, columnX, columnY, SliceOrientation.Transposed);
        var turned = new float[rows * columns];

        transform.Apply<float>(stored, storedRows, storedColumns, turned);

        Assert.Equal(expected, turned);
    }
}
