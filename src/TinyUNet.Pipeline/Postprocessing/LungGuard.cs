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
    public static LungGuardResult Apply(LabelVolume classMap, IReadOnlyList<short[]> hu, double rowMm, double columnMm,
        LungPostprocessingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classMap);
        ArgumentNullException.ThrowIfNull(hu);
        ArgumentNullException.ThrowIfNull(options);
        if (hu.Count != classMap.Depth || hu.Any(s => s.Length != classMap.SliceLength))
            throw new ArgumentException("The class map and the HU slices must share one grid.", nameof(hu));
        if (options.LungGuardAirBelowHu is not double air)
            throw new InvalidOperationException("The lung guard is switched off (LungGuardAirBelowHu is null).");

        int columns = classMap.Columns, rows = classMap.Rows, sliceLength = classMap.SliceLength;
        var scratches = new SliceScratchPool(columns, rows);
        byte[] found = HuLungMask.Build(hu, classMap, (float)air, scratches, cancellationToken);
        long lungVoxels = found.AsSpan().Count(SliceAirCandidates.LungAir);
        int maxHolePixels = (int)Math.Min(int.MaxValue, Math.Floor(options.LungGuardMaxHoleAreaMm2 / (rowMm * columnMm)));
        var slices = new SliceGuard(new DiscDilation(rowMm, columnMm, options.LungGuardMarginMm, columns, rows), columns, rows, maxHolePixels);

        long lesions = 0, field = 0, guard = 0;
        // Steps 2–5 are in the slice's plane: slice by slice, with one set of slice buffers per thread.
        Parallel.For(0, classMap.Depth, new ParallelOptions { CancellationToken = cancellationToken },
            scratches.Rent,
            (z, _, scratch) =>
            {
                (long kept, long clearedLesions, long clearedField) =
                    slices.Apply(found.AsSpan(z * sliceLength, sliceLength), classMap.Slice(z), scratch);
                Interlocked.Add(ref guard, kept);
                Interlocked.Add(ref lesions, clearedLesions);
                Interlocked.Add(ref field, clearedField);
                return scratch;
            },
            scratches.Return);
        return new LungGuardResult(lungVoxels, guard, lesions, field);
    }
}
