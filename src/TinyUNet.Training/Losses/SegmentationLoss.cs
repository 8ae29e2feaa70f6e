using TinyUNet.Model;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TinyUNet.Training.Losses;

/// <summary>
/// The paper's loss: cross-entropy + soft Dice. Dice is computed per class over the whole batch (pooled), then
/// averaged over classes; <c>smooth</c> keeps a class absent from both prediction and truth from dividing by zero.
/// <para>
/// Partial labels: target values K, K+1, … (K = classes) stand for <paramref name="groups"/> of classes, "one of
/// these" (pseudo-labels that tell infection from the rest, not GGO from consolidation). Such a pixel's likelihood is
/// the summed probability of the group's members (log-sum-exp of their log-probabilities), and Dice is taken over the
/// coarser partition in which each group is one region; classes inside a group are then never pushed towards 0 or 1
/// on their own. With no groups both terms are exactly the paper's.
/// </para>
/// </summary>
public sealed class SegmentationLoss(double crossEntropyWeight = 1, double diceWeight = 1, double smooth = 1,
    IReadOnlyList<int[]>? groups = null)
{
    private readonly IReadOnlyList<int[]> groups = groups ?? [];

    /// <param name="logits">[B, K, H, W].</param>
    /// <param name="target">[B, H, W] int64 class indices, or group indices K + g.</param>
    public Tensor Compute(Tensor logits, Tensor target)
    {
        using var scope = NewDisposeScope();
        using Scalar ceWeight = crossEntropyWeight.ToScalar(), dWeight = diceWeight.ToScalar(); // not implicit: see RootedScalars
        Tensor loss = groups.Count == 0
            ? CrossEntropy(logits, target).mul(ceWeight).add_(DiceLoss(logits, target, smooth), dWeight)
            : GroupedCrossEntropy(logits, target).mul(ceWeight).add_(GroupedDiceLoss(logits, target), dWeight);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Mean over pixels of −log softmax(logits)[target].</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target) => F.cross_entropy(logits, target);

    /// <summary>1 − mean over classes of (2·Σ p·g + smooth) / (Σ p + Σ g + smooth), p = softmax, g = one-hot.</summary>
    public static Tensor DiceLoss(Tensor logits, Tensor target, double smooth) =>
        SoftDice(F.softmax(logits, 1), target, smooth);

    private static Tensor SoftDice(Tensor probabilities, Tensor target, double smooth)
    {
        using var scope = NewDisposeScope();
        Tensor oneHot = F.one_hot(target, probabilities.shape[1]).permute(0, 3, 1, 2).to(probabilities.dtype);
        long[] dims = [0, 2, 3];
        using Scalar two = 2.0.ToScalar(), smoothing = smooth.ToScalar(); // not implicit: see RootedScalars
        Tensor intersection = probabilities.mul(oneHot).sum(dims);
        Tensor denominator = probabilities.sum(dims).add_(oneHot.sum(dims), RootedScalars.One).add_(smoothing, RootedScalars.One);
        Tensor dice = intersection.mul_(two).add_(smoothing, RootedScalars.One).div_(denominator);
        return dice.mean().neg_().add_(RootedScalars.One, RootedScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>NLL over [classes…, groups…] log-probabilities, a group's being the log-sum-exp of its members'.</summary>
    private Tensor GroupedCrossEntropy(Tensor logits, Tensor target)
    {
        using var scope = NewDisposeScope();
        Tensor logProbabilities = F.log_softmax(logits, 1);
        var channels = new List<Tensor> { logProbabilities };
        foreach (int[] members in groups)
            channels.Add(logProbabilities.index_select(1, tensor(members.Select(m => (long)m).ToArray(), device: logits.device))
                .logsumexp(1, keepdim: true));
        return F.nll_loss(cat(channels, 1), target).MoveToOuterDisposeScope();
    }

    /// <summary>Soft Dice over the partition {classes in no group} ∪ {each group}; a member-class label counts for its group.</summary>
    private Tensor GroupedDiceLoss(Tensor logits, Tensor target)
    {
        using var scope = NewDisposeScope();
        int classes = (int)logits.shape[1];
        // Partition region of every target value (classes first, then groups).
        var region = new long[classes + groups.Count];
        var regionMembers = new List<long[]>();
        for (int c = 0; c < classes; c++)
        {
            if (groups.Any(g => g.Contains(c))) continue;
            region[c] = regionMembers.Count;
            regionMembers.Add([c]);
        }
        for (int g = 0; g < groups.Count; g++)
        {
            foreach (int member in groups[g]) region[member] = regionMembers.Count;
            region[classes + g] = regionMembers.Count;
            regionMembers.Add([.. groups[g].Select(m => (long)m)]);
        }
        Tensor probabilities = F.softmax(logits, 1);
        Tensor merged = cat(regionMembers.Select(m =>
            probabilities.index_select(1, tensor(m, device: logits.device)).sum(1, keepdim: true)).ToArray(), 1);
        Tensor mergedTarget = tensor(region, device: logits.device).index_select(0, target.flatten()).reshape(target.shape);
        return SoftDice(merged, mergedTarget, smooth).MoveToOuterDisposeScope();
    }
}
