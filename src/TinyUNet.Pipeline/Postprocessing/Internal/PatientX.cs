using TinyUNet.Dicom;

namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// Patient x (LPS: towards the patient's left) of voxel centres, from each slice's ImagePositionPatient and the
/// direction cosines: x = IPP.x + column × ColumnSpacing × RowDirection.x + row × RowSpacing × ColumnDirection.x.
/// Image columns alone would get mirrored or rotated series wrong.
/// </summary>
internal sealed class PatientX
{
    private readonly double[] sliceOrigin;
    private readonly double rowStep;

    public PatientX(CtSeries series, int depth)
    {
        if (series.Slices.Count != depth)
            throw new ArgumentException($"The series has {series.Slices.Count} slices, the label volume {depth}.", nameof(series));
        sliceOrigin = series.Slices.Select(s => s.ImagePositionPatient.X).ToArray();
        rowStep = series.ColumnDirection.X * series.RowSpacing;
        ColumnStep = series.RowDirection.X * series.ColumnSpacing;
        // One histogram bin per step of x along whichever image axis carries x, so bins neither alias nor leave gaps.
        BinWidth = Math.Abs(ColumnStep) >= Math.Abs(rowStep) ? Math.Abs(ColumnStep) : Math.Abs(rowStep);
        if (BinWidth < 1e-6) BinWidth = Math.Min(series.RowSpacing, series.ColumnSpacing);
        double centreRow = (series.Rows - 1) / 2.0, centreColumn = (series.Columns - 1) / 2.0;
        FieldOfViewCentre = sliceOrigin.Average() + rowStep * centreRow + ColumnStep * centreColumn;
    }

    /// <summary>Change of x per column.</summary>
    public double ColumnStep { get; }
    public double BinWidth { get; }
    /// <summary>Mean x of the image centre over all slices.</summary>
    public double FieldOfViewCentre { get; }

    /// <summary>x of column 0 on a line.</summary>
    public double LineOrigin(int slice, int row) => sliceOrigin[slice] + rowStep * row;
}
