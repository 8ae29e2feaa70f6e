using TinyUNet.Training.Imaging;

namespace TinyUNet.Training.Tests;

public sealed class PngLabelReaderTests
{
    [Fact]
    public void Read_SharedPaletteMask_ReturnsIndicesNotColours()
    {
        var (width, height, values) = PngLabelReader.Read(Path.Combine(SharedData.CovidSemiSeg, "masks", "0.png"));

        Assert.Equal((273, 369), (width, height));
        Assert.Equal(new[] { 0, 1, 2 }, values.Distinct().Order().ToArray());
    }

    [Fact]
    public void Read_GrayPngWrittenByLabelWriter_RoundTrips()
    {
        using var temp = new TempFolder();
        byte[] labels = [.. Enumerable.Range(0, 7 * 5).Select(i => (byte)(i % 4))];
        LabelPngWriter.Write(temp.File("m.png"), 7, 5, labels);

        var (width, height, values) = PngLabelReader.Read(temp.File("m.png"));

        Assert.Equal((7, 5), (width, height));
        Assert.Equal(labels.Select(b => (int)b), values);
    }

    [Fact]
    public void Read_NotAPng_ThrowsInvalidData()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("m.png"), "hello");

        Assert.Throws<InvalidDataException>(() => PngLabelReader.Read(temp.File("m.png")));
    }
}
