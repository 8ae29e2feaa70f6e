using TinyUNet.Dicom;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Pipeline.Tests;

public sealed class OutsideAirFilterTests
{
    [Fact]
    public void Apply_AirAroundBodyLabelledLung_ClearsOutsideAndKeepsEnclosedLung()
    {
        // 12×10 slice: air (−1000) outside, a body wall ring (+40 HU) from (2,2) to (9,7), lung air (−850) inside.
        const int columns = 12, rows = 10;
        var hu = new short[columns * rows];
        long insideExpected = 0;
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < columns; x++)
            {
                bool ring = (x is 2 or 9 && y is >= 2 and <= 7) || (y is 2 or 7 && x is >= 2 and <= 9);
                bool inside = x is > 2 and < 9 && y is > 2 and < 7;
                hu[y * columns + x] = (short)(ring ? 40 : inside ? -850 : -1000);
                if (ring || inside) insideExpected++;
            }
        var series = TestSeries.Create(columns, rows, depth: 1);
        var labels = new LabelVolume(columns, rows, 1, Enumerable.Repeat((byte)LungClass.LungField, columns * rows).ToArray());

        long cleared = OutsideAirFilter.Apply(labels, new HuVolume(series, [hu]), -500, CancellationToken.None);

        Assert.Equal(columns * rows - insideExpected, cleared);
        Assert.Equal(insideExpected, labels.Count((byte)LungClass.LungField));
        Assert.Equal((byte)LungClass.LungField, labels.Voxels[4 * columns + 5]);
        Assert.Equal((byte)LungClass.Background, labels.Voxels[0]);
    }

    [Fact]
    public void Apply_DarkLesionTouchingNothingOutside_IsKept()
    {
        var series = TestSeries.Create(4, 4, depth: 1);
        var hu = Enumerable.Repeat((short)40, 16).ToArray();
        hu[5] = -700; // enclosed GGO-like dark pixel
        var labels = new LabelVolume(4, 4, 1);
        labels.Voxels[5] = (byte)LungClass.GroundGlassOpacity;

        Assert.Equal(0, OutsideAirFilter.Apply(labels, new HuVolume(series, [hu]), -500, CancellationToken.None));
        Assert.Equal((byte)LungClass.GroundGlassOpacity, labels.Voxels[5]);
    }
}
