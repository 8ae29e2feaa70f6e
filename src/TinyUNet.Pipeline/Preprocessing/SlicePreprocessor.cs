using TorchSharp;
using TinyUNet.Model;
using TinyUNet.Dicom;
using TinyUNet.Model.Bundles;
using TinyUNet.Model.Framing;
using static TorchSharp.torch;

namespace TinyUNet.Pipeline.Preprocessing;

/// <summary>
/// HU slices → model input as the bundle's <see cref="InputSpec"/> says: per channel, clip to the window, scale to
/// [0, 1], then (v − mean) / std; then a bilinear resize (align_corners = false, PyTorch's default for
/// F.interpolate) of each slice's box (its body, or all of it) to the model's height × width. Only the raw HU is
/// built on the host; the arithmetic and the resize run on <see cref="Device"/>, so the same code serves CPU and GPU.
/// Windowing comes before the resize because clipping does not commute with interpolation: bone next to lung
/// enters the interpolation clipped to the window top, not at +1000 HU. The affine part commutes, so its order is free.
/// </summary>
public sealed class SlicePreprocessor
{
    public SlicePreprocessor(InputSpec spec, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Channels.Count == 0) throw new ArgumentException("At least one input channel.", nameof(spec));
        if (spec.Channels.Any(c => !(c.WindowWidth > 0) || !(c.Std > 0)))
            throw new ArgumentException("Every channel needs WindowWidth > 0 and Std > 0.", nameof(spec));
        Spec = spec;
        Device = device ?? CPU;
        oneGray = spec.Channels.Distinct().Count() == 1;
    }

    /// <summary>Every channel has the same window and normalisation (the bundled model: one gray, three times).</summary>
    private readonly bool oneGray;

    public InputSpec Spec { get; }
    public Device Device { get; }

    /// <summary>Slices firstSlice .. firstSlice + count − 1 of a volume, whole: see the other overload.</summary>
    public Tensor Preprocess(HuVolume volume, int firstSlice, int count)
    {
        ArgumentNullException.ThrowIfNull(volume);
        CheckRange(volume, firstSlice, count);
        return Preprocess([.. volume.Slices.Skip(firstSlice).Take(count)], volume.Rows, volume.Columns,
            [.. Enumerable.Repeat(PixelBox.Whole(volume.Columns, volume.Rows), count)]);
    }

    /// <summary>
    /// [count, C, H, W] on <see cref="Device"/> from the given box of each rows × columns HU slice (the body, or the
    /// whole slice), each box turned by <paramref name="toModel"/> (on the device: no reoriented copy of the whole slice
    /// on the host), windowed and resized on its own; owned by the caller's dispose scope.
    /// </summary>
    public Tensor Preprocess(IReadOnlyList<short[]> slices, int rows, int columns, IReadOnlyList<PixelBox> boxes,
        InPlaneTransform toModel = default) => Preprocess(slices, rows, columns, boxes, toModel, ScalarType.Int16);

    /// <summary>The same from HU that are not whole numbers (8-bit exports mapped back through their window).</summary>
    public Tensor Preprocess(IReadOnlyList<float[]> slices, int rows, int columns, IReadOnlyList<PixelBox> boxes,
        InPlaneTransform toModel = default) => Preprocess(slices, rows, columns, boxes, toModel, ScalarType.Float32);

    private Tensor Preprocess<T>(IReadOnlyList<T[]> slices, int rows, int columns, IReadOnlyList<PixelBox> boxes,
        InPlaneTransform toModel, ScalarType type) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(boxes);
        if (slices.Count == 0 || boxes.Count != slices.Count)
            throw new ArgumentException($"{slices.Count} slices and {boxes.Count} boxes: need one box per slice, at least one slice.");
        using var scope = NewDisposeScope();
        var inputs = new Tensor[slices.Count];
        for (int i = 0; i < slices.Count; i++)
        {
            if (slices[i].Length != rows * columns)
                throw new ArgumentException($"Slice {i} has {slices[i].Length} pixels, not {rows}×{columns}.", nameof(slices));
            inputs[i] = WindowAndResize(toModel.Apply(HostBox(slices[i], columns, boxes[i], type).to(Device).to_type(ScalarType.Float32)));
        }
        return cat(inputs, 0).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// [1, 1, box height, box width] as stored (16-bit HU are made float on the device): the box's rows copied straight into
    /// native memory. torch.tensor(float[]) also allocates a managed array the size of the slice (measured: 1 MB at
    /// 512², on the large-object heap), garbage the runtime let grow by about 0.6 GB in a 300-slice study on two lanes.
    /// </summary>
    private static Tensor HostBox<T>(T[] slice, int columns, PixelBox box, ScalarType type) where T : unmanaged
    {
        Tensor host = empty([1, 1, box.Height, box.Width], type);
        using var pixels = host.data<T>();
        for (int y = 0; y < box.Height; y++)
            pixels.CopyFrom(slice.AsSpan((box.Y + y) * columns + box.X, box.Width), 0, (long)y * box.Width);
        return host;
    }

    /// <summary>
    /// Each distinct channel windowed and resized once: the bundled model's three channels are the same gray, which is
    /// then windowed and resized once and repeated (the concatenation of the batch copies it anyway).
    /// </summary>
    private Tensor WindowAndResize(Tensor hu)
    {
        if (oneGray)
            return Resize(Window(hu, Spec.Channels[0])).expand(-1, Spec.Channels.Count, -1, -1);
        return Resize(cat(Spec.Channels.Select(c => Window(hu, c)).ToArray(), dim: 1));
    }

    private Tensor Resize(Tensor input) => input.shape[2] == Spec.Height && input.shape[3] == Spec.Width
        ? input
        : nn.functional.interpolate(input, size: [Spec.Height, Spec.Width], mode: InterpolationMode.Bilinear, align_corners: false);

    /// <summary>clip(hu, lo, hi) then ((v − lo) / width − mean) / std, folded into one multiply-add.</summary>
    private static Tensor Window(Tensor hu, ChannelPreprocessing channel)
    {
        double low = channel.Low, high = channel.Low + channel.WindowWidth;
        double scale = 1 / (channel.WindowWidth * channel.Std);
        double offset = -(low / channel.WindowWidth + channel.Mean) / channel.Std;
        // Scalars made and disposed here, not implicitly: see RootedScalars.
        using Scalar lowScalar = low.ToScalar(), highScalar = high.ToScalar(), scaleScalar = scale.ToScalar(), offsetScalar = offset.ToScalar();
        return hu.clamp(lowScalar, highScalar).mul_(scaleScalar).add_(offsetScalar, RootedScalars.One);
    }

    private static void CheckRange(HuVolume volume, int firstSlice, int count)
    {
        if (firstSlice < 0 || count < 1 || firstSlice + count > volume.Depth)
            throw new ArgumentOutOfRangeException(nameof(firstSlice), firstSlice,
                $"Slices {firstSlice}..{firstSlice + count - 1} are not within 0..{volume.Depth - 1}.");
    }
}
