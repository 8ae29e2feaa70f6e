using TinyUNet.Dicom;
using TinyUNet.Pipeline.Postprocessing.Internal;

namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>
/// The anatomical guard: lung and lesion labels only where lungs are. The model learnt on thorax crops and has never
/// seen a liver, an arm or bowel; on whole-field CT it paints the liver dome, axillary soft tissue and colon gas as
/// lesion or lung. Steps: (1) a classical 3-D lung mask from HU (<see cref="HuLungMask"/>: air inside the body, not
/// outside air, trachea, main bronchi and gas pockets out, components the model also calls lung); (2) per slice, that
/// mask grown by a margin (<see cref="LungPostprocessingOptions.LungGuardMarginMm"/>), so dense lesions at the
/// lung's edge, which are soft-tissue dense and so not air, stay inside; (3) holes of the mask and of its closing
/// filled up to <see cref="LungPostprocessingOptions.LungGuardMaxHoleAreaMm2"/> (vessels, enclosed consolidation),
/// and larger ones (the liver dome ringed by the right lung) taken out, and gas pockets too; (4) a lesion mostly
/// inside the region is kept whole (<see cref="LesionRescue"/>: a lobe consolidated through and through); (5) every lung
/// field, GGO or consolidation voxel outside the region becomes background. A series without lung (abdomen) ends
/// with no lung at all, which the volumetrics report as such.
/// </summary>
public static class LungGuard
{
    public static LungGuardResult Apply(LabelVolume classMap, HuVolume hu, LungPostprocessingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hu);
        CtSeries series = hu.Series;
        return Apply(classMap, hu.Slices, series.RowSpacing, series.ColumnSpacing, options, cancellationToken);
    }

    /// <param name="hu">One row-major slice per slice of the class map, in HU.</param>
    /// <param name="rowMm">Spacing between rows (mm).</param>
    /// <param name="columnMm">Spacing between columns (mm).</param>
    public static LungGuardResult Apply(LabelVolume classMap, IReadOnlyList<float[]> hu, double rowMm, double columnMm,
        LungPostprocessingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classMap);
        ArgumentNullException.ThrowIfNull(hu);
        ArgumentNullException.ThrowIfNull(options);
        if (hu.Count != classMap.Depth || hu.Any(s => s.Length != classMap.SliceLength))
            throw new ArgumentException("The class map and the HU slices must share one grid.", nameof(hu));
        if (options.LungGuardAirBelowHu is not double air)
            throw new InvalidOperationException("The lung guard is switched off (LungGuardAirBelowHu is null).");

        byte[] found = HuLungMask.Build(hu, classMap, (float)air, cancellationToken);
        var lung = new byte[found.Length];
        for (int i = 0; i < found.Length; i++) lung[i] = found[i] == SliceAirCandidates.LungAir ? (byte)1 : (byte)0;
        long lungVoxels = lung.AsSpan().Count((byte)1);
        byte[] region = Region(lung, classMap.Columns, classMap.Rows, classMap.Depth, rowMm, columnMm, options, cancellationToken);

        // Gas inside the body (trachea, bronchi, bowel) is neither lung nor lesion, even within the lungs' margin.
        for (int i = 0; i < region.Length; i++)
            if (found[i] == SliceAirCandidates.GasPocket) region[i] = 0;
        int sliceLength = classMap.SliceLength;
        Parallel.For(0, classMap.Depth, new ParallelOptions { CancellationToken = cancellationToken }, z =>
            LesionRescue.Extend(classMap.Slice(z), region.AsSpan(z * sliceLength, sliceLength), classMap.Columns, classMap.Rows));

        long lesions = 0, field = 0, guard = 0;
        byte[] voxels = classMap.Voxels;
        for (int i = 0; i < voxels.Length; i++)
        {
            if (region[i] != 0) { guard++; continue; }
            switch ((LungClass)voxels[i])
            {
                case LungClass.LungField: field++; break;
                case LungClass.GroundGlassOpacity or LungClass.Consolidation: lesions++; break;
                default: continue;
            }
            voxels[i] = (byte)LungClass.Background;
        }
        return new LungGuardResult(lungVoxels, guard, lesions, field);
    }

    /// <summary>
    /// Per slice: the HU lung with its small holes filled, grown by the margin (a disc), less every large hole of the
    /// lung or of its closing (the grown lung eroded by the margin again, which turns a lung that curls around something
    /// into a ring). On the base slices the right lung rings the liver dome: the dome is a large hole, and its rim,
    /// which the model paints as consolidation, would otherwise lie inside the margin. In-plane only: a ball would
    /// reach the heart and the dome from the lung above them.
    /// </summary>
    private static byte[] Region(byte[] lung, int columns, int rows, int depth, double rowMm, double columnMm,
        LungPostprocessingOptions options, CancellationToken cancellationToken)
    {
        const double inPlane = double.PositiveInfinity; // slice spacing that keeps DistanceDilation in the plane
        double margin = options.LungGuardMarginMm;
        int maxHolePixels = (int)Math.Min(int.MaxValue, Math.Floor(options.LungGuardMaxHoleAreaMm2 / (rowMm * columnMm)));
        var largeHoles = new byte[lung.Length];
        byte[] filled = (byte[])lung.Clone();
        FillHoles(filled, largeHoles, columns, rows, depth, maxHolePixels, cancellationToken);
        byte[] grown = DistanceDilation.Dilate(filled, columns, rows, depth, rowMm, columnMm, inPlane, margin, cancellationToken);
        // Erosion is the complement's dilation.
        byte[] closed = Complement(DistanceDilation.Dilate(Complement(grown), columns, rows, depth, rowMm, columnMm, inPlane, margin, cancellationToken));
        for (int i = 0; i < closed.Length; i++) closed[i] |= filled[i];
        FillHoles(closed, largeHoles, columns, rows, depth, maxHolePixels, cancellationToken);
        // Closing ⊆ grown: it only finds holes. A large hole's rim is in the hole (it is not HU lung), so no margin.
        for (int i = 0; i < grown.Length; i++) grown[i] = (byte)(filled[i] | (grown[i] & (largeHoles[i] ^ 1)));
        return grown;
    }

    private static void FillHoles(byte[] mask, byte[] largeHoles, int columns, int rows, int depth, int maxHolePixels,
        CancellationToken cancellationToken)
    {
        int sliceLength = columns * rows;
        Parallel.For(0, depth, new ParallelOptions { CancellationToken = cancellationToken }, z =>
            SliceHoleFill.Fill(mask.AsSpan(z * sliceLength, sliceLength), columns, rows, maxHolePixels, largeHoles.AsSpan(z * sliceLength, sliceLength)));
    }

    private static byte[] Complement(byte[] mask)
    {
        var result = new byte[mask.Length];
        for (int i = 0; i < mask.Length; i++) result[i] = (byte)(mask[i] ^ 1);
        return result;
    }
}
