using TinyUNet.Dicom;
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
    private readonly ClassIndexMap classes;
    private readonly LungPostprocessingOptions? guard;

    /// <param name="guard">
    /// Post-processing options whose lung guard <see cref="SegmentWindowed"/> applies to each slice (null, or a null
    /// <see cref="LungPostprocessingOptions.LungGuardAirBelowHu"/>: none). DICOM series get theirs in the pipeline.
    /// </param>
    /// <param name="candidateClasses">Model classes the arg-max chooses among (null: all; see <see cref="LogitsPostprocessor"/>).</param>
    public SliceSegmenter(SegmentationModel model, LungPostprocessingOptions? guard = null, IReadOnlyList<int>? candidateClasses = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        guard?.Validate();
        this.model = model;
        this.guard = guard;
        classes = ClassIndexMap.FromManifest(model.Manifest.Classes);
        preprocessor = new SlicePreprocessor(model.Manifest.Input, model.Device);
        logits = new LogitsPostprocessor(classes, candidateClasses);
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
    public void Segment(IReadOnlyList<short[]> slices, int rows, int columns, InPlaneTransform toModel, Span<byte> classIndices) =>
        Segment(slices, rows, columns, toModel, classIndices, (slice, threshold) => BodyBox.Find(slice, columns, rows, threshold),
            boxes => preprocessor.Preprocess(slices, rows, columns, boxes, toModel));

    private void Segment<T>(IReadOnlyList<T[]> slices, int rows, int columns, InPlaneTransform toModel, Span<byte> classIndices,
        Func<T[], float, PixelBox> findBody, Func<PixelBox[], Tensor> preprocess)
    {
        ArgumentNullException.ThrowIfNull(slices);
        int sliceLength = rows * columns;
        if (classIndices.Length != slices.Count * sliceLength)
            throw new ArgumentException($"{classIndices.Length} outputs for {slices.Count} slices of {rows}×{columns}.", nameof(classIndices));
        // The body box is found on the stored slice (a box maps exactly under the eight reorientations), and only the
        // box is turned, on the device: no reoriented copies of whole slices on the managed heap.
        var boxes = new PixelBox[slices.Count];
        for (int i = 0; i < slices.Count; i++)
            boxes[i] = Manifest.Input.Framing?.BodyThresholdHu is { } threshold
                ? findBody(slices[i], (float)threshold)
                : PixelBox.Whole(columns, rows);

        using var scope = NewDisposeScope();
        Tensor scores = model.PredictLogits(preprocess(boxes));
        for (int i = 0; i < slices.Count; i++)
        {
            using var sliceScope = NewDisposeScope();
            PixelBox box = boxes[i], turned = toModel.Apply(box, rows, columns);
            Tensor labels = toModel.Invert(logits.ToClassIndices(scores.narrow(0, i, 1), turned.Height, turned.Width)).contiguous().cpu();
            ReadOnlySpan<byte> inBox = labels.bytes;
            Span<byte> target = classIndices.Slice(i * sliceLength, sliceLength);
            target.Fill(background);
            for (int y = 0; y < box.Height; y++)
                inBox.Slice(y * box.Width, box.Width).CopyTo(target.Slice((box.Y + y) * columns + box.X, box.Width));
        }
    }

    /// <summary>
    /// One 8-bit-style windowed slice (values in [0, 1] of the first channel's window, as the COVID-SemiSeg JPEGs are):
    /// mapped back to HU (window bottom + value × width) and segmented by the same path. Clipping to the window then
    /// gives back the same values, so nothing is lost by the round trip: the model sees these HU unrounded (the model
    /// card's Dice), the lung guard in whole HU as a CT series gives them.
    /// </summary>
    /// <param name="stored">The slice's orientation; null = already the model's.</param>
    /// <returns>Model class indices, row-major, width × height.</returns>
    public byte[] SegmentWindowed(float[] intensities, int width, int height, SliceOrientation? stored = null)
    {
        ArgumentNullException.ThrowIfNull(intensities);
        ChannelPreprocessing window = Manifest.Input.Channels[0];
        float[] hu = [.. intensities.Select(v => window.FromUnit(v))];
        var labels = new byte[width * height];
        InPlaneTransform toModel = stored is { } s ? InPlaneTransform.Between(s, Orientation) : InPlaneTransform.Identity;
        Segment([hu], height, width, toModel, labels, (slice, threshold) => BodyBox.Find(slice, width, height, threshold),
            boxes => preprocessor.Preprocess([hu], height, width, boxes, toModel));
        if (guard?.LungGuardAirBelowHu is not null)
            Guard([.. hu.Select(v => HuVolume.WholeHu(v))], width, height, labels);
        return labels;
    }

    /// <summary>
    /// Thorax crops carry no pixel spacing: the crop's longer side is taken as the chest's width, about 330 mm, so the
    /// guard's margin and hole size keep their meaning in millimetres.
    /// </summary>
    private const double ThoraxCropWidthMm = 330;

    private void Guard(short[] hu, int width, int height, byte[] labels)
    {
        var lungClasses = new byte[labels.Length];
        for (int i = 0; i < labels.Length; i++) lungClasses[i] = (byte)classes[labels[i]];
        var map = new LabelVolume(width, height, 1, lungClasses);
        double spacing = ThoraxCropWidthMm / Math.Max(width, height);
        LungGuard.Apply(map, [hu], spacing, spacing, guard!, CancellationToken.None);
        for (int i = 0; i < labels.Length; i++)
            if (lungClasses[i] == (byte)LungClass.Background) labels[i] = background;
    }
}
