using TinyUNet.Contracts;
using TinyUNet.Dicom;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Pipeline.Volumetrics;

/// <summary>
/// Counts voxels per side and class in one pass over the class map, side map and HU slices, and turns the counts
/// into volumes (count × RowSpacing × ColumnSpacing × SliceSpacing / 1000 mL), PO, PHO, HU statistics, per-lung
/// severity and the coverage flag.
/// </summary>
public sealed class VolumetricsCalculator
{
    private const string AiNote = "AI-generated measurements (TinyU-Net); not for clinical use without review.";

    /// <summary>The volumetrics' note for <see cref="LungFinding.NoLung"/>.</summary>
    public const string NoLungNote = "No lung in this series: nothing inside the anatomical lung guard, so no lesion and no severity.";

    public VolumetricsReport Compute(HuVolume hu, LungSegmentation segmentation, ModelIdentity model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hu);
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(model);
        LabelVolume classes = segmentation.ClassMap, sides = segmentation.SideMap;
        if (classes.Rows != hu.Rows || classes.Columns != hu.Columns || classes.Depth != hu.Depth
            || sides.Rows != hu.Rows || sides.Columns != hu.Columns || sides.Depth != hu.Depth)
            throw new ArgumentException("Segmentation and HU volume are on different grids.", nameof(segmentation));

        VoxelTally tally = VoxelTally.Count(hu, classes, sides, cancellationToken);
        CtSeries series = hu.Series;
        double voxelMl = series.VoxelVolumeMm3 / 1000;
        RegionVolumetrics right = Region("right", tally, [LungSide.Right], voxelMl);
        RegionVolumetrics left = Region("left", tally, [LungSide.Left], voxelMl);
        RegionVolumetrics total = Region("total", tally, [LungSide.None, LungSide.Right, LungSide.Left], voxelMl)
            with { SeverityScore = right.SeverityScore is null && left.SeverityScore is null ? null : (right.SeverityScore ?? 0) + (left.SeverityScore ?? 0) };
        LungFinding finding = tally.Sum([LungSide.None, LungSide.Right, LungSide.Left],
            [LungClass.LungField, LungClass.GroundGlassOpacity, LungClass.Consolidation]).Count > 0 ? LungFinding.LungFound : LungFinding.NoLung;

        bool first = classes.Slice(0).IndexOfAnyExcept((byte)LungClass.Background) >= 0;
        bool last = classes.Slice(classes.Depth - 1).IndexOfAnyExcept((byte)LungClass.Background) >= 0;
        var notes = new List<string> { AiNote, PanSeverityBands.Description };
        if (first || last) notes.Add("Lung reaches the first or last slice: coverage is incomplete and volumes are lower bounds.");
        if (finding == LungFinding.NoLung) notes.Add(NoLungNote);

        return new VolumetricsReport
        {
            StudyInstanceUid = series.StudyInstanceUid,
            SeriesInstanceUid = series.SeriesInstanceUid,
            FrameOfReferenceUid = series.FrameOfReferenceUid,
            Model = model,
            Finding = finding,
            Geometry = new VolumeGeometry(hu.Rows, hu.Columns, hu.Depth,
                series.RowSpacing, series.ColumnSpacing, series.SliceSpacing, series.VoxelVolumeMm3),
            Right = right,
            Left = left,
            Total = total,
            SeverityScale = PanSeverityBands.Description,
            IncompleteCoverage = first || last,
            LungOnFirstSlice = first,
            LungOnLastSlice = last,
            SideSplitMethod = segmentation.SideSplitMethod.ToString(),
            Notes = notes,
        };
    }

    private static RegionVolumetrics Region(string name, VoxelTally tally, LungSide[] sides, double voxelMl)
    {
        ClassIntensity Row(string label, params LungClass[] classes)
        {
            VoxelTally.Moments m = tally.Sum(sides, classes);
            double? mean = m.Count > 0 ? m.Sum / m.Count : null;
            double? std = m.Count > 0 ? Math.Sqrt(Math.Max(0, m.SumOfSquares / m.Count - mean!.Value * mean.Value)) : null;
            return new ClassIntensity(label, m.Count, m.Count * voxelMl, mean, std);
        }

        ClassIntensity lung = Row("whole_lung", LungClass.LungField, LungClass.GroundGlassOpacity, LungClass.Consolidation);
        ClassIntensity field = Row("lung_field", LungClass.LungField);
        ClassIntensity ggo = Row("ggo", LungClass.GroundGlassOpacity);
        ClassIntensity consolidation = Row("consolidation", LungClass.Consolidation);
        ClassIntensity lesion = Row("lesion", LungClass.GroundGlassOpacity, LungClass.Consolidation);
        double? opacity = lung.VoxelCount > 0 ? 100.0 * lesion.VoxelCount / lung.VoxelCount : null;
        double? highOpacity = lung.VoxelCount > 0 ? 100.0 * consolidation.VoxelCount / lung.VoxelCount : null;
        return new RegionVolumetrics
        {
            Region = name,
            LungVolumeMl = lung.VolumeMl,
            LungFieldVolumeMl = field.VolumeMl,
            GgoVolumeMl = ggo.VolumeMl,
            ConsolidationVolumeMl = consolidation.VolumeMl,
            LesionVolumeMl = lesion.VolumeMl,
            OpacityPercent = opacity,
            HighOpacityPercent = highOpacity,
            SeverityScore = lung.VoxelCount > 0 ? PanSeverityBands.Score(opacity) : null,
            Classes = [lung, field, ggo, consolidation, lesion],
        };
    }
}
