using TinyUNet.Model.Bundles;
using TinyUNet.Model.Framing;
using TinyUNet.Pipeline.Postprocessing;
using TinyUNet.Pipeline.Preprocessing;
using static TorchSharp.torch;

namespace TinyUNet.Pipeline.Inference;

/// <summary>
/// The one inference path, shared by <c>segment</c>, the worker, <c>predict</c> and <c>evaluate</c>: HU slices →
/// framing as the bundle was trained (turned to its orientation, cropped to the body box) → windowing → resize →
/// network → logits resized back into the box → arg-max → turned back onto the stored grid. Outside the body box
/// every pixel is the model's background class.
/// </summary>
public sealed class SliceSegmenter
{
    private readonly SegmentationModel model;
    private readonly SlicePreprocessor preprocessor;
    private readonly LogitsPostprocessor logits;
    private readonly byte background;

    public SliceSegmenter(SegmentationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        preprocessor = new SlicePreprocessor(model.Manifest.Input, model.Device);
        logits = new LogitsPostprocessor(ClassIndexMap.FromManifest(model.Manifest.Classes));
        background = (byte)(model.Manifest.Classes.FirstOrDefault(c =>
            string.Equals(c.Name, "background", StringComparison.OrdinalIgnoreCase))?.Index ?? 0);
    }

    public ModelManifest Manifest => model.Manifest;
    public string WeightsSha256 => model.WeightsSha256;
    public SliceOrientation Orientation => Manifest.Input.Framing?.Orientation ?? SliceOrientation.Radiological;

    /// <summary>
    /// Model class indices (the manifest's, not yet mapped to <see cref="LungClass"/>) for a batch of HU slices of
    /// rows × columns, written slice after slice into <paramref name="classIndices"/>.
    /// </summary>
    /// <param name="toModel">From the slices' stored orientation to the model's (identity when they already match).</param>
    public void Segment(IReadOnlyList<float[]> slices, int rows, int columns, InPlaneTransform toModel, Span<byte> classIndices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        int sliceLength = rows * columns;
        if (classIndices.Length != slices.Count * sliceLength)
            throw new ArgumentException($"{classIndices.Length} outputs for {slices.Count} slices of {rows}×{columns}.", nameof(classIndices));
        var (frameRows, frameColumns) = toModel.Shape(rows, columns);
        var framed = new float[slices.Count][];
        var boxes = new PixelBox[slices.Count];
        for (int i = 0; i < slices.Count; i++)
        {
            framed[i] = toModel.Apply(slices[i], rows, columns);
            boxes[i] = Manifest.Input.Framing?.BodyThresholdHu is { } threshold
                ? BodyBox.Find(framed[i], frameColumns, frameRows, (float)threshold)
                : PixelBox.Whole(frameColumns, frameRows);
        }

        using var scope = NewDisposeScope();
        Tensor scores = model.PredictLogits(preprocessor.Preprocess(framed, frameRows, frameColumns, boxes));
        var frame = new byte[sliceLength];
        for (int i = 0; i < slices.Count; i++)
        {
            using var sliceScope = NewDisposeScope();
            PixelBox box = boxes[i];
            byte[] inBox = logits.ToClassIndices(scores.narrow(0, i, 1), box.Height, box.Width).cpu().data<byte>().ToArray();
            Array.Fill(frame, background);
            for (int y = 0; y < box.Height; y++)
                Array.Copy(inBox, y * box.Width, frame, (box.Y + y) * frameColumns + box.X, box.Width);
            Span<byte> target = classIndices.Slice(i * sliceLength, sliceLength);
            if (toModel.IsIdentity) frame.CopyTo(target);
            else toModel.Invert<byte>(frame, rows, columns, target);
        }
    }

    /// <summary>
    /// One 8-bit-style windowed slice (values in [0, 1] of the first channel's window, as the COVID-SemiSeg JPEGs are):
    /// mapped back to HU (window bottom + value × width) and segmented by the same path. Clipping to the window then
    /// gives back the same values, so nothing is lost by the round trip.
    /// </summary>
    /// <param name="stored">The slice's orientation; null = already the model's.</param>
    /// <returns>Model class indices, row-major, width × height.</returns>
    public byte[] SegmentWindowed(float[] intensities, int width, int height, SliceOrientation? stored = null)
    {
        ArgumentNullException.ThrowIfNull(intensities);
        ChannelPreprocessing window = Manifest.Input.Channels[0];
        float[] hu = [.. intensities.Select(v => window.FromUnit(v))];
        var labels = new byte[width * height];
        Segment([hu], height, width, stored is { } s ? InPlaneTransform.Between(s, Orientation) : InPlaneTransform.Identity, labels);
        return labels;
    }
}
