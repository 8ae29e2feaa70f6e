using TinyUNet.Dicom;
using TinyUNet.Model.Bundles;
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
            var pixels = new float[rows * columns];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    pixels[r * columns + c] = hu(c, r, s);
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
        float[] slice = volume.Slices[0];
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
            {
                double mean = (slice[2 * y * 32 + 2 * x] + slice[2 * y * 32 + 2 * x + 1]
                    + slice[(2 * y + 1) * 32 + 2 * x] + slice[(2 * y + 1) * 32 + 2 * x + 1]) / 4;
                Assert.Equal((mean + 50) / 200, input[0, 0, y, x].item<float>(), 5);
            }
    }

    [Fact]
    public void EnumerateBatches_SliceRange_YieldsOrderedBatchesAndFreesEachOnAdvance()
    {
        HuVolume volume = Volume(16, 16, 7, (_, _, s) => s * 100 - 1000);
        var preprocessor = new SlicePreprocessor(new InputSpec(16, 16, [new ChannelPreprocessing(-500, 1000)]));
        var seen = new List<(int First, int Count, long Batch, float FirstValue)>();
        Tensor? previous = null;

        foreach (InputBatch batch in preprocessor.EnumerateBatches(volume, 1, 5, 2, CancellationToken.None))
        {
            if (previous is not null) Assert.True(previous.IsInvalid);
            seen.Add((batch.FirstSlice, batch.SliceCount, batch.Input.shape[0], batch.Input[0, 0, 0, 0].item<float>()));
            previous = batch.Input;
        }

        Assert.Equal([(1, 2, 2, 0.1f), (3, 2, 2, 0.3f), (5, 1, 1, 0.5f)], seen.Select(b => (b.First, b.Count, b.Batch, MathF.Round(b.FirstValue, 5))));
        Assert.True(previous!.IsInvalid);
    }

    [Fact]
    public void EnumerateBatches_Cancelled_Throws()
    {
        HuVolume volume = Volume(16, 16, 2, (_, _, _) => 0);
        var preprocessor = new SlicePreprocessor(new InputSpec(16, 16, [new ChannelPreprocessing(0, 100)]));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => preprocessor.EnumerateBatches(volume, 1, cancelled.Token).ToList());
    }

    [Fact]
    public void EnumerateBatches_RangeOutsideVolume_ThrowsImmediately()
    {
        HuVolume volume = Volume(16, 16, 2, (_, _, _) => 0);
        var preprocessor = new SlicePreprocessor(new InputSpec(16, 16, [new ChannelPreprocessing(0, 100)]));

        Assert.Throws<ArgumentOutOfRangeException>(() => preprocessor.EnumerateBatches(volume, 1, 2, 4, CancellationToken.None));
    }
}
