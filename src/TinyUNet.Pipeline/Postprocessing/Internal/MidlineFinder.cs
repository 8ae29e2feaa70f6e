namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// Finds where to cut one component that holds both lungs. The component's voxels are counted per patient-x bin
/// (a left–right profile, smoothed over <see cref="LungPostprocessingOptions.ProfileSmoothingMm"/>); the cut is the
/// profile's minimum within the central band of its x-extent: the mediastinum, where only the junction between the
/// lungs contributes. It is accepted only as a real valley: at most MidlineDepthRatio × the lower of the peaks on
/// either side, with at least MidlineMinSideFraction of the voxels on each side. A single lung's profile is one hump
/// and never passes, so the same test also tells "one lung" from "two touching lungs".
/// </summary>
internal static class MidlineFinder
{
    /// <summary>The cut's patient x (mm), or null when the component does not look like two lungs.</summary>
    public static double? FindCut(
        RunLengthMask runs, RunLengthComponents components, int component, ComponentStats stats, PatientX geometry,
        LungPostprocessingOptions options, CancellationToken cancellationToken)
    {
        double minX = stats.MinX[component], width = geometry.BinWidth;
        int bins = (int)Math.Round((stats.MaxX[component] - minX) / width) + 1;
        if (bins < 3) return null;
        long[] profile = Profile(runs, components, component, geometry, minX, bins, cancellationToken);
        double[] smooth = Smooth(profile, Math.Max(1, (int)Math.Round(options.ProfileSmoothingMm / width)) | 1);

        double margin = (1 - options.MidlineSearchBand) / 2 * (bins - 1);
        int from = (int)Math.Ceiling(margin), to = (int)Math.Floor(bins - 1 - margin);
        double centre = (bins - 1) / 2.0;
        int valley = -1;
        for (int i = Math.Max(1, from); i <= Math.Min(bins - 2, to); i++)
            if (valley < 0 || smooth[i] < smooth[valley]
                || (smooth[i] == smooth[valley] && Math.Abs(i - centre) < Math.Abs(valley - centre)))
                valley = i;
        if (valley < 0) return null;

        double peakBelow = smooth[..valley].Max(), peakAbove = smooth[(valley + 1)..].Max();
        long below = profile[..valley].Sum(), total = stats.VoxelCount[component];
        long above = total - below;
        bool deep = smooth[valley] <= options.MidlineDepthRatio * Math.Min(peakBelow, peakAbove);
        bool balanced = below >= options.MidlineMinSideFraction * total && above >= options.MidlineMinSideFraction * total;
        // Voxels in the valley bin go to the higher-x side: the cut sits half a bin below its centre.
        return deep && balanced ? minX + (valley - 0.5) * width : null;
    }

    private static long[] Profile(
        RunLengthMask runs, RunLengthComponents components, int component, PatientX geometry, double minX, int bins,
        CancellationToken cancellationToken)
    {
        var profile = new long[bins];
        for (int slice = 0; slice < runs.Depth; slice++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int row = 0; row < runs.Rows; row++)
            {
                int line = runs.LineOf(slice, row);
                double origin = geometry.LineOrigin(slice, row);
                for (int run = runs.LineStart[line]; run < runs.LineStart[line + 1]; run++)
                {
                    if (components.ComponentOfRun[run] != component) continue;
                    for (int column = runs.Start[run]; column < runs.End[run]; column++)
                    {
                        int bin = (int)Math.Round((origin + geometry.ColumnStep * column - minX) / geometry.BinWidth);
                        profile[Math.Clamp(bin, 0, bins - 1)]++;
                    }
                }
            }
        }
        return profile;
    }

    private static double[] Smooth(long[] values, int window)
    {
        var prefix = new long[values.Length + 1];
        for (int i = 0; i < values.Length; i++) prefix[i + 1] = prefix[i] + values[i];
        var smooth = new double[values.Length];
        int half = window / 2;
        for (int i = 0; i < values.Length; i++)
        {
            int lo = Math.Max(0, i - half), hi = Math.Min(values.Length, i + half + 1);
            smooth[i] = (double)(prefix[hi] - prefix[lo]) / (hi - lo);
        }
        return smooth;
    }
}
