using TinyUNet.Dicom;
using static TorchSharp.torch;

namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>
/// Model output → class map, on the logits' device: logits are resized to the series' native grid before the
/// argmax (resizing scores, not labels, keeps boundaries smooth and sub-pixel, as nnU-Net and MONAI do), and only
/// one byte per voxel comes back to the host.
/// </summary>
public sealed class LogitsPostprocessor(ClassIndexMap classes)
{
    /// <summary>[B, K, h, w] logits → [B, rows, columns] model class indices (uint8), on the same device.</summary>
    public Tensor ToClassIndices(Tensor logits, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.dim() != 4 || logits.shape[1] != classes.ModelClassCount)
            throw new ArgumentException(
                $"Expected logits [B, {classes.ModelClassCount}, h, w]; got [{string.Join(", ", logits.shape)}].", nameof(logits));
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);

        using var scope = NewDisposeScope();
        Tensor scores = logits.shape[2] == rows && logits.shape[3] == columns
            ? logits
            : nn.functional.interpolate(logits, size: [rows, columns], mode: InterpolationMode.Bilinear, align_corners: false);
        return ArgMaxOverClasses(scores).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The first index of the highest score along dim 1, as uint8: the same answer as argmax(1) (ties go to the lower
    /// class), by K − 1 element-wise comparisons, which on the CPU take a few percent of the time libtorch's argmax
    /// needs for a reduction over the non-contiguous class dimension (measured 23 ms → under 1 ms for 4 × 400 × 300).
    /// </summary>
    private static Tensor ArgMaxOverClasses(Tensor scores)
    {
        using var scope = NewDisposeScope();
        Tensor best = scores.select(1, 0);
        Tensor index = zeros_like(best, dtype: ScalarType.Byte);
        for (long k = 1; k < scores.shape[1]; k++)
        {
            Tensor candidate = scores.select(1, k);
            Tensor higher = candidate.gt(best);
            best = where(higher, candidate, best);
            index = index.masked_fill(higher, (byte)k);
        }
        return index.MoveToOuterDisposeScope();
    }
}
