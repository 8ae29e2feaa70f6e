using System.Buffers;
using TinyUNet.Dicom;
using TinyUNet.Pipeline.Postprocessing.Internal;

namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>
/// Class map from the model → cleaned class map, side map and segment masks, on the CPU. Steps, in this order:
/// (1) lesions outside the lung removed (<see cref="LesionFilter"/> defines "outside"); (2) whole lung = lung field
/// ∪ GGO ∪ consolidation, split into 3-D connected components; (3) components under MinIslandVolumeMl removed;
/// (4) components assigned to the patient's right or left by patient x (<see cref="SideSplitter"/>), cutting one
/// component at the midline when the lungs touch. Lesions are filtered first so islands are judged on real lung.
/// The class map is cleaned in place and becomes the result's ClassMap: it is the pipeline's own buffer (written by
/// <see cref="LogitsPostprocessor"/>), and a copy would cost 79 MB per 512 × 512 × 300 series for nothing. After a
/// cancellation it is partly cleaned and must be discarded.
/// </summary>
public sealed class LungPostprocessor
{
    private static readonly SearchValues<byte> WholeLungValues = SearchValues.Create(
        [(byte)LungClass.LungField, (byte)LungClass.GroundGlassOpacity, (byte)LungClass.Consolidation]);

    private readonly LungPostprocessingOptions options;

    public LungPostprocessor(LungPostprocessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
    }

    public LungPostprocessingOptions Options => options;

    public LungSegmentation Process(LabelVolume classMap, CtSeries series, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classMap);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Rows != classMap.Rows || series.Columns != classMap.Columns)
            throw new ArgumentException("The class map is not on the series' grid.", nameof(classMap));
        if (classMap.Voxels.AsSpan().IndexOfAnyInRange((byte)(LungClass.Consolidation + 1), byte.MaxValue) >= 0)
            throw new ArgumentException("The class map holds values other than LungClass.", nameof(classMap));
        var geometry = new PatientX(series, classMap.Depth);

        long removedLesionVoxels = LesionFilter.RemoveLesionsOutsideLung(classMap, options.Connectivity, cancellationToken);

        RunLengthMask runs = RunLengthMask.Extract(classMap, WholeLungValues, cancellationToken);
        RunLengthComponents components = RunLengthComponents.Label(runs, options.Connectivity, cancellationToken);
        long minVoxels = (long)Math.Ceiling(options.MinIslandVolumeMl * 1000 / series.VoxelVolumeMm3);
        bool[] kept = components.VoxelCount.Select(n => n >= minVoxels).ToArray();
        ComponentStats stats = ComponentStats.Compute(runs, components, geometry);
        SideDecision sides = SideSplitter.Decide(runs, components, kept, stats, geometry, options, cancellationToken);

        var sideMap = new LabelVolume(classMap.Columns, classMap.Rows, classMap.Depth);
        long removedIslandVoxels = 0;
        for (int slice = 0; slice < runs.Depth; slice++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int row = 0; row < runs.Rows; row++)
            {
                int line = runs.LineOf(slice, row);
                for (int run = runs.LineStart[line]; run < runs.LineStart[line + 1]; run++)
                {
                    int component = components.ComponentOfRun[run];
                    if (!kept[component])
                    {
                        runs.Fill(classMap, line, run, (byte)LungClass.Background);
                        removedIslandVoxels += runs.End[run] - runs.Start[run];
                    }
                    else if (component == sides.CutComponent)
                        FillCut(sideMap, runs, line, run, geometry.LineOrigin(slice, row), geometry.ColumnStep, sides.PlaneX!.Value);
                    else
                        runs.Fill(sideMap, line, run, (byte)sides.SideOfComponent[component]);
                }
            }
        }

        return new LungSegmentation(classMap, sideMap)
        {
            SideSplitMethod = sides.Method,
            SplitPlaneX = sides.PlaneX,
            LungComponentCount = kept.Count(k => k),
            RemovedIslandCount = kept.Count(k => !k),
            RemovedIslandVoxels = removedIslandVoxels,
            RemovedLesionVoxels = removedLesionVoxels,
        };
    }

    /// <summary>Voxels of the run with x below the plane are right, the rest left; x = origin + step × column.</summary>
    private static void FillCut(LabelVolume sideMap, RunLengthMask runs, int line, int run, double origin, double step, double plane)
    {
        Span<byte> voxels = sideMap.Voxels.AsSpan(line * sideMap.Columns, sideMap.Columns);
        for (int column = runs.Start[run]; column < runs.End[run]; column++)
            voxels[column] = (byte)(origin + step * column < plane ? LungSide.Right : LungSide.Left);
    }
}
