namespace TinyUNet.Training;

/// <summary>Seeded shuffle of sample indices, an optional limit, then the first ones held out for validation.</summary>
public static class DataSplit
{
    public static (int[] Train, int[] Validation) Make(int count, int validationCount, int limit, int seed)
    {
        int[] order = [.. Enumerable.Range(0, count)];
        new Random(seed).Shuffle(order);
        if (limit > 0) order = order[..Math.Min(limit, count)];
        if (validationCount >= order.Length)
            throw new ArgumentException($"validationCount {validationCount} leaves no training slices out of {order.Length}.");
        return (order[validationCount..].Order().ToArray(), order[..validationCount].Order().ToArray());
    }

    /// <summary>
    /// k-fold: a seeded shuffle cut into <paramref name="folds"/> near-equal parts; part <paramref name="fold"/>
    /// (1-based) validates, the rest trains. The same seed gives disjoint validation parts that cover every sample.
    /// </summary>
    public static (int[] Train, int[] Validation) Fold(int count, int folds, int fold, int seed)
    {
        if (folds < 2 || fold < 1 || fold > folds || folds > count)
            throw new ArgumentException($"Fold {fold} of {folds} is not possible with {count} samples.");
        int[] order = [.. Enumerable.Range(0, count)];
        new Random(seed).Shuffle(order);
        int start = (fold - 1) * count / folds, end = fold * count / folds;
        int[] validation = order[start..end];
        return (order.Except(validation).Order().ToArray(), validation.Order().ToArray());
    }
}
