using TinyUNet.Dicom;
using TorchSharp;
using static TorchSharp.torch;

namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>
/// Model output → class map, on the logits' device: logits are resized to the series' native grid before the
/// argmax (resizing scores, not labels, keeps boundaries smooth and sub-pixel, as nnU-Net and MONAI do), and only
/// one byte per voxel comes back to the host.
/// </summary>
/// <param name="candidates">Model class indices the arg-max chooses among (null: all). Self-training's relabelling asks
/// a teacher only "GGO or consolidation?" inside a given infection mask: the arg-max over those two alone.</param>
public sealed class LogitsPostprocessor(ClassIndexMap classes, IReadOnlyList<int>? candidates = null)
{
    private readonly int[] candidates = Checked(candidates is null ? [.. Enumerable.Range(0, classes.ModelClassCount)] : [.. candidates],
        classes.ModelClassCount);

    /// <summary>Checked once here, not on every slice's arg-max.</summary>
    private static int[] Checked(int[] candidates, int classCount) =>
        candidates.Length > 0 && candidates.All(k => k >= 0 && k < classCount)
            ? candidates
            : throw new ArgumentException($"Candidate classes {string.Join(", ", candidates)} are not all among the model's {classCount}.", nameof(candidates));

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
    private Tensor ArgMaxOverClasses(Tensor scores)
    {
        using var scope = NewDisposeScope();
        // Class indices as scalars made and disposed here, not implicitly (see RootedScalars).
        Tensor best = scores.select(1, candidates[0]);
        using Scalar first = ((byte)candidates[0]).ToScalar();
        Tensor index = full_like(best, first, dtype: ScalarType.Byte);
        foreach (int k in candidates.Skip(1))
        {
            Tensor candidate = scores.select(1, k);
            Tensor higher = candidate.gt(best);
            best = where(higher, candidate, best);
            using Scalar value = ((byte)k).ToScalar();
            index = index.masked_fill(higher, value);
        }
        return index.MoveToOuterDisposeScope();
    }
}
