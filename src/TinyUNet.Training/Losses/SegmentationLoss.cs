using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TinyUNet.Training.Losses;

/// <summary>
/// The paper's loss: cross-entropy + soft Dice. Dice is computed per class over the whole batch (pooled), then
/// averaged over classes; <c>smooth</c> keeps a class absent from both prediction and truth from dividing by zero.
/// </summary>
public sealed class SegmentationLoss(double crossEntropyWeight = 1, double diceWeight = 1, double smooth = 1)
{
    /// <param name="logits">[B, K, H, W].</param>
    /// <param name="target">[B, H, W] int64 class indices.</param>
    public Tensor Compute(Tensor logits, Tensor target)
    {
        using var scope = NewDisposeScope();
        Tensor loss = CrossEntropy(logits, target) * crossEntropyWeight + DiceLoss(logits, target, smooth) * diceWeight;
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Mean over pixels of −log softmax(logits)[target].</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target) => F.cross_entropy(logits, target);

    /// <summary>1 − mean over classes of (2·Σ p·g + smooth) / (Σ p + Σ g + smooth), p = softmax, g = one-hot.</summary>
    public static Tensor DiceLoss(Tensor logits, Tensor target, double smooth)
    {
        using var scope = NewDisposeScope();
        long classes = logits.shape[1];
        Tensor probabilities = F.softmax(logits, 1);
        Tensor oneHot = F.one_hot(target, classes).permute(0, 3, 1, 2).to(probabilities.dtype);
        long[] dims = [0, 2, 3];
        Tensor intersection = (probabilities * oneHot).sum(dims);
        Tensor denominator = probabilities.sum(dims) + oneHot.sum(dims);
        Tensor dice = (intersection * 2 + smooth) / (denominator + smooth);
        return (1 - dice.mean()).MoveToOuterDisposeScope();
    }
}
