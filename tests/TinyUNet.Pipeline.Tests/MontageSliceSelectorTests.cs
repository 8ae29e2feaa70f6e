using TinyUNet.Dicom;
using TinyUNet.Pipeline.Montage;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Pipeline.Tests;

public sealed class MontageSliceSelectorTests
{
    [Fact]
    public void Select_LesionsOnManySlices_MostLesionVoxelsKeptApart()
    {
        // 40 slices of lung; lesion size grows towards slice 20 and a small one sits at slice 35.
        var map = new LabelVolume(16, 16, 40);
        TestSeries.Box(map, 0, 16, 0, 16, 0, 40, (byte)LungClass.LungField);
        for (int k = 10; k <= 30; k++)
            TestSeries.Box(map, 0, 16 - Math.Abs(20 - k) * 3 / 2, 0, 4, k, k + 1, (byte)LungClass.GroundGlassOpacity);
        TestSeries.Box(map, 0, 2, 0, 1, 35, 36, (byte)LungClass.Consolidation);

        IReadOnlyList<int> slices = MontageSliceSelector.Select(map, 4);

        // Gap 40 / (2 × 4) = 5: the peak, then the best slices at least 5 away from every chosen one.
        Assert.Equal([10, 15, 20, 25], slices);
    }

    [Fact]
    public void Select_FewLesionSlices_FilledWithEvenlySpacedLungSlices()
    {
        var map = new LabelVolume(8, 8, 30);
        TestSeries.Box(map, 0, 8, 0, 8, 10, 20, (byte)LungClass.LungField);
        TestSeries.Box(map, 0, 2, 0, 2, 12, 13, (byte)LungClass.Consolidation);

        IReadOnlyList<int> slices = MontageSliceSelector.Select(map, 3);

        Assert.Equal(3, slices.Count);
        Assert.Contains(12, slices);
        Assert.All(slices, k => Assert.InRange(k, 10, 19));
        Assert.Equal(slices.Order(), slices);
        Assert.Equal(3, slices.Distinct().Count());
    }

    [Fact]
    public void Select_NoLung_EvenlySpacedOverTheVolume()
    {
        IReadOnlyList<int> slices = MontageSliceSelector.Select(new LabelVolume(4, 4, 12), 3);
        Assert.Equal([2, 6, 10], slices);
    }

    [Fact]
    public void Select_MoreTilesThanSlices_EverySliceOnce()
    {
        var map = new LabelVolume(4, 4, 4);
        TestSeries.Box(map, 0, 4, 0, 4, 0, 4, (byte)LungClass.GroundGlassOpacity);
        Assert.Equal([0, 1, 2, 3], MontageSliceSelector.Select(map, 6));
    }
}
