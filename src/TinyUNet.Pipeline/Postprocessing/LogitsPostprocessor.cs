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
        return scores.argmax(1).to(ScalarType.Byte).MoveToOuterDisposeScope();
    }
}
