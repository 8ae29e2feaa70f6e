using TinyUNet.Model.Bundles;
using TinyUNet.Model.Framing;
using TinyUNet.Pipeline.Inference;
using TinyUNet.TestSupport;
using TinyUNet.TestSupport.Models;

namespace TinyUNet.Pipeline.Tests;

/// <summary>The one inference path's framing, with a real network that answers "lung" wherever it looks.</summary>
public sealed class SliceSegmenterTests
{
    private const int Columns = 64, Rows = 48;

    /// <summary>Air, with a soft-tissue body at columns 10..29, rows 5..40 (a tall box, so a transpose would show).</summary>
    private static short[] WholeFieldOfView()
    {
        var hu = new short[Rows * Columns];
        for (int y = 0; y < Rows; y++)
            for (int x = 0; x < Columns; x++)
                hu[y * Columns + x] = (short)(x is >= 10 and < 30 && y is >= 5 and < 41 ? 40 : -1000);
        return hu;
    }

    private static byte[] Segment(SliceFraming? framing, InPlaneTransform toModel)
    {
        using var temp = new TempFolder();
        using SegmentationModel model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("bundle"), framing),
            new InferenceOptions { Device = "cpu" });
        var labels = new byte[Rows * Columns];
        new SliceSegmenter(model).Segment([WholeFieldOfView()], Rows, Columns, toModel, labels);
        return labels;
    }

    private static bool InBody(int i) => i % Columns is >= 10 and < 30 && i / Columns is >= 5 and < 41;

    [Fact]
    public void Segment_NoFraming_LabelsTheWholeSlice() =>
        Assert.All(Segment(null, InPlaneTransform.Identity), l => Assert.Equal(1, l));

    [Fact]
    public void Segment_BodyCrop_OutsideTheBodyBoxIsBackground()
    {
        byte[] labels = Segment(new SliceFraming(-500), InPlaneTransform.Identity);

        for (int i = 0; i < labels.Length; i++) Assert.Equal(InBody(i) ? 1 : 0, labels[i]);
    }

    [Fact]
    public void Segment_TransposedModel_LabelsComeBackOnTheStoredGrid()
    {
        InPlaneTransform toModel = InPlaneTransform.ToModel(1, 0, 0, 1, SliceOrientation.Transposed);

        byte[] labels = Segment(new SliceFraming(-500, SliceOrientation.Transposed), toModel);

        for (int i = 0; i < labels.Length; i++) Assert.Equal(InBody(i) ? 1 : 0, labels[i]);
    }

    [Fact]
    public void SegmentWindowed_EightBitStyleSlice_SameAsItsHu()
    {
        using var temp = new TempFolder();
        using SegmentationModel model = SegmentationModel.Load(AllLungModelBundle.Write(temp.File("bundle"), new SliceFraming(-500)),
            new InferenceOptions { Device = "cpu" });
        var segmenter = new SliceSegmenter(model);
        // The model's window is [−1350, 150]: −1000 HU → 0.2333…, 40 HU → 0.9267.
        float[] unit = [.. WholeFieldOfView().Select(h => (h + 1350) / 1500f)];

        byte[] labels = segmenter.SegmentWindowed(unit, Columns, Rows);

        for (int i = 0; i < labels.Length; i++) Assert.Equal(InBody(i) ? 1 : 0, labels[i]);
    }
}
