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
}
