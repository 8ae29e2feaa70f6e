namespace TinyUNet.Dicom;

/// <summary>
/// A series' pixels in Hounsfield units (stored × RescaleSlope + RescaleIntercept), one row-major
/// Rows × Columns array per slice, in the order of <see cref="CtSeries.Slices"/>.
/// </summary>
public sealed class HuVolume(CtSeries series, IReadOnlyList<float[]> slices)
{
    public CtSeries Series { get; } = series;
    public IReadOnlyList<float[]> Slices { get; } = slices;
    public int Rows => Series.Rows;
    public int Columns => Series.Columns;
    public int Depth => Slices.Count;
}
