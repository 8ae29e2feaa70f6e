namespace TinyUNet.Training.Metrics;

/// <summary>Accumulates per-class overlap of predicted and true label maps, image by image.</summary>
public sealed class SegmentationMetrics(IReadOnlyList<string> classNames)
{
    private readonly long[] tp = new long[classNames.Count], fp = new long[classNames.Count], fn = new long[classNames.Count];
    private readonly List<double>[] imageDice = [.. classNames.Select(_ => new List<double>())];
    private readonly List<double>[] imageIoU = [.. classNames.Select(_ => new List<double>())];

    public int Images { get; private set; }

    public void Add(ReadOnlySpan<byte> predicted, ReadOnlySpan<byte> truth)
    {
        if (predicted.Length != truth.Length)
            throw new ArgumentException($"Prediction has {predicted.Length} pixels, truth {truth.Length}.");
        int k = classNames.Count;
        long[] itp = new long[k], ifp = new long[k], ifn = new long[k];
        for (int i = 0; i < truth.Length; i++)
        {
            int p = predicted[i], t = truth[i];
            if (p == t) { if (t < k) itp[t]++; continue; }
            if (p < k) ifp[p]++;
            if (t < k) ifn[t]++;
        }
        for (int c = 0; c < k; c++)
        {
            tp[c] += itp[c]; fp[c] += ifp[c]; fn[c] += ifn[c];
            if (itp[c] + ifn[c] == 0) continue;
            imageDice[c].Add(Dice(itp[c], ifp[c], ifn[c]));
            imageIoU[c].Add(IoU(itp[c], ifp[c], ifn[c]));
        }
        Images++;
    }

    /// <summary>Metrics for the given classes (those the labels state), in index order.</summary>
    public IReadOnlyList<ClassMetrics> Result(IEnumerable<int> classes) =>
        classes.Order().Select(c => new ClassMetrics(c, classNames[c],
            Dice(tp[c], fp[c], fn[c]), IoU(tp[c], fp[c], fn[c]),
            imageDice[c].Count > 0 ? imageDice[c].Average() : null,
            imageIoU[c].Count > 0 ? imageIoU[c].Average() : null,
            imageDice[c].Count, tp[c] + fn[c], tp[c] + fp[c])).ToArray();

    /// <summary>Empty truth and empty prediction agree perfectly: 1, not 0/0.</summary>
    public static double Dice(long tp, long fp, long fn) => tp + fp + fn == 0 ? 1 : 2.0 * tp / (2.0 * tp + fp + fn);

    public static double IoU(long tp, long fp, long fn) => tp + fp + fn == 0 ? 1 : (double)tp / (tp + fp + fn);
}
