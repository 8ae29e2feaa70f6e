using System.Runtime.InteropServices;
using TinyUNet.Dicom;
using TinyUNet.Model.Bundles;
using static TorchSharp.torch;

namespace TinyUNet.Pipeline.Preprocessing;

/// <summary>
/// HU slices → model input as the bundle's <see cref="InputSpec"/> says: per channel, clip to the window, scale to
/// [0, 1], then (v − mean) / std; then a bilinear resize (align_corners = false, PyTorch's default for
/// F.interpolate) to the model's height × width. Only the raw HU batch is built on the host; the
/// arithmetic and the resize run on <see cref="Device"/>, so the same code serves CPU and GPU.
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
    }

    public InputSpec Spec { get; }
    public Device Device { get; }

    /// <summary>
    /// Yields [B, C, H, W] batches of at most <paramref name="batchSize"/> slices, in slice order, for
    /// slices firstSlice .. firstSlice + sliceCount − 1. Each batch lives in its own dispose scope, opened before it
    /// is built and disposed when the next batch is requested (or the enumeration ends), so tensors the caller
    /// creates from it on the same thread (logits, labels) are freed with it. Consume on one thread.
    /// </summary>
    public IEnumerable<InputBatch> EnumerateBatches(
        HuVolume volume, int firstSlice, int sliceCount, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        CheckRange(volume, firstSlice, sliceCount);
        return Iterate(volume, firstSlice, sliceCount, batchSize, cancellationToken);
    }

    /// <summary>All slices of the volume; see the other overload.</summary>
    public IEnumerable<InputBatch> EnumerateBatches(HuVolume volume, int batchSize, CancellationToken cancellationToken) =>
        EnumerateBatches(volume, 0, volume.Depth, batchSize, cancellationToken);

    /// <summary>[count, C, H, W] float32 on <see cref="Device"/>, owned by the caller's dispose scope.</summary>
    public Tensor Preprocess(HuVolume volume, int firstSlice, int count)
    {
        ArgumentNullException.ThrowIfNull(volume);
        CheckRange(volume, firstSlice, count);
        int rows = volume.Rows, columns = volume.Columns, sliceLength = rows * columns;

        using var scope = NewDisposeScope();
        Tensor host = empty([count, 1, rows, columns], ScalarType.Float32);
        Span<float> values = MemoryMarshal.Cast<byte, float>(host.bytes);
        for (int i = 0; i < count; i++)
        {
            float[] slice = volume.Slices[firstSlice + i];
            if (slice.Length != sliceLength)
                throw new ArgumentException($"Slice {firstSlice + i} has {slice.Length} pixels, not {rows}×{columns}.", nameof(volume));
            slice.CopyTo(values.Slice(i * sliceLength, sliceLength));
        }

        Tensor hu = host.to(Device);
        Tensor input = cat(Spec.Channels.Select(c => Window(hu, c)).ToArray(), dim: 1);
        if (rows != Spec.Height || columns != Spec.Width)
            input = nn.functional.interpolate(
                input, size: [Spec.Height, Spec.Width], mode: InterpolationMode.Bilinear, align_corners: false);
        return input.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>clip(hu, lo, hi) then ((v − lo) / width − mean) / std, folded into one multiply-add.</summary>
    private static Tensor Window(Tensor hu, ChannelPreprocessing channel)
    {
        double low = channel.WindowCenter - channel.WindowWidth / 2, high = channel.WindowCenter + channel.WindowWidth / 2;
        double scale = 1 / (channel.WindowWidth * channel.Std);
        double offset = -(low / channel.WindowWidth + channel.Mean) / channel.Std;
        return hu.clamp(low, high).mul(scale).add(offset);
    }

    private IEnumerable<InputBatch> Iterate(
        HuVolume volume, int firstSlice, int sliceCount, int batchSize, CancellationToken cancellationToken)
    {
        for (int start = firstSlice; start < firstSlice + sliceCount; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, firstSlice + sliceCount - start);
            using var scope = NewDisposeScope();
            yield return new InputBatch(Preprocess(volume, start, count), start, count);
        }
    }

    private static void CheckRange(HuVolume volume, int firstSlice, int count)
    {
        if (firstSlice < 0 || count < 1 || firstSlice + count > volume.Depth)
            throw new ArgumentOutOfRangeException(nameof(firstSlice), firstSlice,
                $"Slices {firstSlice}..{firstSlice + count - 1} are not within 0..{volume.Depth - 1}.");
    }
}
