using TinyUNet.Dicom;
using TinyUNet.Model.Bundles;
using TinyUNet.Model.Framing;
using TinyUNet.Pipeline.Preprocessing;
using static TorchSharp.torch;

namespace TinyUNet.Pipeline.Tests;

public sealed class SlicePreprocessorTests
{
    private static HuVolume Volume(int columns, int rows, int depth, Func<int, int, int, float> hu)
    {
        CtSeries series = TestSeries.Create(columns, rows, depth);
        var slices = Enumerable.Range(0, depth).Select(s =>
        {
            var pixels = new short[rows * columns];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    pixels[r * columns + c] = (short)MathF.Round(hu(c, r, s));
            return pixels;
        }).ToList();
        return new HuVolume(series, slices);
    }

    [Fact]
    public void Preprocess_NativeSizeIsInputSize_WindowsAndNormalisesEachChannel()
    {
        float[] probes = [-2000, -1350, -600, 0, 150, 3000];
        HuVolume volume = Volume(16, 16, 1, (c, r, _) => r == 0 && c < probes.Length ? probes[c] : -1000);
        var spec = new InputSpec(16, 16, [new ChannelPreprocessing(-600, 1500, 0.5, 0.25), new ChannelPreprocessing(40, 400)]);

        using var scope = NewDisposeScope();
        Tensor input = new SlicePreprocessor(spec).Preprocess(volume, 0, 1);

        Assert.Equal(new long[] { 1, 2, 16, 16 }, input.shape);
        Assert.Equal(ScalarType.Float32, input.dtype);
        // Channel 0: window [-1350, 150] → [0, 1], then (v − 0.5) / 0.25. Channel 1: window [-160, 240] → [0, 1].
        double[] expected0 = [-2, -2, 0, 1.6, 2, 2];
        double[] expected1 = [0, 0, 0, 0.4, 0.775, 1];
        for (int i = 0; i < probes.Length; i++)
        {
            Assert.Equal(expected0[i], input[0, 0, 0, i].item<float>(), 5);
            Assert.Equal(expected1[i], input[0, 1, 0, i].item<float>(), 5);
        }
        Assert.Equal(((-1000 + 1350) / 1500.0 - 0.5) / 0.25, input[0, 0, 5, 5].item<float>(), 5);
    }

    [Fact]
    public void Preprocess_HalfSize_BilinearAveragesTwoByTwoBlocks()
    {
        // align_corners=false at scale ½ samples output pixel i at source 2i + 0.5: the mean of pixels 2i and 2i+1.
        HuVolume volume = Volume(32, 32, 1, (c, r, _) => (c * 7 + r * 13) % 100);
        var spec = new InputSpec(16, 16, [new ChannelPreprocessing(50, 200)]);

        using var scope = NewDisposeScope();
        Tensor input = new SlicePreprocessor(spec).Preprocess(volume, 0, 1);

        Assert.Equal(new long[] { 1, 1, 16, 16 }, input.shape);
        short[] slice = volume.Slices[0];
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
            {
                double mean = (slice[2 * y * 32 + 2 * x] + slice[2 * y * 32 + 2 * x + 1]
                    + slice[(2 * y + 1) * 32 + 2 * x] + slice[(2 * y + 1) * 32 + 2 * x + 1]) / 4;
                Assert.Equal((mean + 50) / 200, input[0, 0, y, x].item<float>(), 5);
            }
    }

    [Fact]
    public void Preprocess_Boxes_EachSliceResizesOnlyItsBox()
    {
        // Slice 0: a 4 × 8 box of 100 HU in air; its box alone fills the 16 × 16 input. Slice 1: whole.
        HuVolume volume = Volume(32, 32, 2, (c, r, s) => s == 0 && c is >= 10 and < 18 && r is >= 20 and < 24 ? 100 : -1000);
        var preprocessor = new SlicePreprocessor(new InputSpec(16, 16, [new ChannelPreprocessing(-450, 1100)]));

        using var scope = NewDisposeScope();
        Tensor input = preprocessor.Preprocess([.. volume.Slices], 32, 32, [new(10, 20, 8, 4), PixelBox.Whole(32, 32)]);

        Assert.Equal(new long[] { 2, 1, 16, 16 }, input.shape);
        Assert.Equal(1f, input[0].min().item<float>(), 5);
        Assert.Equal(0f, input[1].max().item<float>(), 5);
    }

    [Fact]
    public void Preprocess_Box_SameAsTheBoxCutOutByHand()
    {
        // Every pixel different, so a row or column taken from the wrong place shows.
        HuVolume volume = Volume(40, 36, 1, (c, r, _) => -1000 + 37 * c + 11 * r + (c * r % 7));
        var box = new PixelBox(5, 3, 27, 30);
        short[] cut = new short[box.Width * box.Height];
        for (int y = 0; y < box.Height; y++)
            for (int x = 0; x < box.Width; x++)
                cut[y * box.Width + x] = volume.Slices[0][(box.Y + y) * 40 + box.X + x];
        var preprocessor = new SlicePreprocessor(new InputSpec(32, 32, [new ChannelPreprocessing(-300, 2000)]));

        using var scope = NewDisposeScope();
        Tensor fromBox = preprocessor.Preprocess([volume.Slices[0]], 36, 40, [box]);
        Tensor byHand = preprocessor.Preprocess([cut], box.Height, box.Width, [PixelBox.Whole(box.Width, box.Height)]);

        Assert.True(fromBox.equal(byHand).all().item<bool>());
    }

    [Fact]
    public void Preprocess_WholeHu_SameInputAsTheSameValuesInFloat()
    {
        // A CT series arrives as 16-bit whole HU, an 8-bit export mapped back through its window as floats: the
        // model must see the same input from either.
        HuVolume volume = Volume(40, 36, 2, (c, r, s) => -1100 + 29 * c + 17 * r + 300 * s);
        var preprocessor = new SlicePreprocessor(new InputSpec(32, 32, [new ChannelPreprocessing(-600, 1500, 0.5, 0.25), new ChannelPreprocessing(40, 400)]));
        PixelBox[] boxes = [new(3, 2, 30, 31), PixelBox.Whole(40, 36)];

        using var scope = NewDisposeScope();
        Tensor whole = preprocessor.Preprocess([.. volume.Slices], 36, 40, boxes);
        Tensor floats = preprocessor.Preprocess([.. volume.Slices.Select(s => s.Select(v => (float)v).ToArray())], 36, 40, boxes);

        Assert.Equal(ScalarType.Float32, whole.dtype);
        Assert.True(whole.equal(floats).all().item<bool>());
    }

    [Fact]
    public void Preprocess_512Slice_NoCopyOfTheSliceOnTheManagedHeap()
    {
        // torch.tensor(float[]) copied each slice into a new 1 MB managed array: large-object garbage, ~0.6 GB of a
        // 300-slice study's peak on two lanes.
        short[] slice = new short[512 * 512];
        var preprocessor = new SlicePreprocessor(new InputSpec(256, 256, [new ChannelPreprocessing(-425, 1350)]));
        using (NewDisposeScope()) preprocessor.Preprocess([slice], 512, 512, [PixelBox.Whole(512, 512)]); // warm-up

        long before = GC.GetAllocatedBytesForCurrentThread();
        using (NewDisposeScope()) preprocessor.Preprocess([slice], 512, 512, [PixelBox.Whole(512, 512)]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 256 * 1024, $"{allocated} bytes allocated on the managed heap for one 512² slice");
    }
}
