namespace TinyUNet.Training.Data;

/// <summary>
/// Classical lung-field labels for slices labelled with lesions only. On the windowed slice: Otsu threshold;
/// body = convex hull of the bright components covering at least <see cref="MinComponentFraction"/> each (a hull,
/// not a hole fill, because the shared slices are cropped to the thorax: the lungs often touch the image border and
/// the chest wall falls apart into pieces); lung = dark components inside the body that
/// cover at least <see cref="MinComponentFraction"/> of the slice (drops trachea, bronchi and gas bubbles);
/// then lesions are added (consolidation is as bright as tissue) and enclosed holes filled (vessels, airway walls).
/// It is a label for training a lung-field channel, not a segmentation to report.
/// </summary>
public static class LungFieldEstimator
{
    public const double MinComponentFraction = 0.01;

    /// <param name="gray">Windowed intensities in [0, 1].</param>
    /// <param name="lesion">Pixels labelled as lesion (always part of the lung field).</param>
    public static bool[] Estimate(ReadOnlySpan<float> gray, bool[] lesion, int width, int height)
    {
        int n = width * height;
        double threshold = OtsuThreshold(gray);
        var bright = new bool[n];
        for (int i = 0; i < n; i++) bright[i] = gray[i] >= threshold;
        bool[] body = ConvexHullMask.Fill(BinaryRegions.LargeComponents(bright, width, height, MinComponentFraction), width, height);

        var darkInside = new bool[n];
        for (int i = 0; i < n; i++) darkInside[i] = body[i] && !bright[i];
        var (ids, components) = BinaryRegions.Label(darkInside, width, height);
        int minArea = (int)(MinComponentFraction * n);
        var lung = new bool[n];
        for (int i = 0; i < n; i++)
        {
            int id = ids[i];
            lung[i] = lesion[i] || (id >= 0 && components[id].Area >= minArea);
        }
        return BinaryRegions.FillHoles(lung, width, height);
    }

    /// <summary>Otsu's threshold on a 256-bin histogram of [0, 1] values (between-class variance maximum).</summary>
    public static double OtsuThreshold(ReadOnlySpan<float> values)
    {
        var histogram = new long[256];
        foreach (float v in values) histogram[Math.Clamp((int)(v * 255f + 0.5f), 0, 255)]++;
        long total = values.Length;
        double sumAll = 0;
        for (int i = 0; i < 256; i++) sumAll += i * (double)histogram[i];
        double sumBelow = 0, bestVariance = -1;
        long below = 0;
        int best = 128;
        for (int t = 0; t < 256; t++)
        {
            below += histogram[t];
            sumBelow += t * (double)histogram[t];
            long above = total - below;
            if (below == 0 || above == 0) continue;
            double meanBelow = sumBelow / below, meanAbove = (sumAll - sumBelow) / above;
            double variance = below * (double)above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (variance > bestVariance) { bestVariance = variance; best = t; }
        }
        return (best + 0.5) / 255.0;
    }
}
