using TinyUNet.Dicom;

namespace TinyUNet.Pipeline.Tests;

/// <summary>Synthetic CT geometry: axial slices, given direction cosines and spacings, no files behind it.</summary>
internal static class TestSeries
{
    public static readonly Vector3 HeadFirstRow = new(1, 0, 0);
    public static readonly Vector3 FeetFirstRow = new(-1, 0, 0);
    public static readonly Vector3 Posterior = new(0, 1, 0);

    /// <summary>
    /// A series whose image centre is at patient x = centreX on every slice, slices sorted ascending along the
    /// normal (as CtSeries requires): position k is origin + normal × k × sliceSpacing.
    /// </summary>
    public static CtSeries Create(
        int columns, int rows, int depth,
        double rowSpacing = 0.7, double columnSpacing = 0.7, double sliceSpacing = 2.5,
        Vector3? rowDirection = null, Vector3? columnDirection = null, double centreX = 0)
    {
        Vector3 rowDir = rowDirection ?? HeadFirstRow, columnDir = columnDirection ?? Posterior;
        Vector3 normal = rowDir.Cross(columnDir).Normalized();
        Vector3 centreOffset = rowDir * ((columns - 1) / 2.0 * columnSpacing) + columnDir * ((rows - 1) / 2.0 * rowSpacing);
        Vector3 firstCorner = new Vector3(centreX, 0, 0) - centreOffset;
        var slices = Enumerable.Range(0, depth).Select(k =>
        {
            Vector3 position = firstCorner + normal * (k * sliceSpacing);
            return new CtSlice($"/nonexistent/{k}.dcm", $"1.2.3.4.{k + 1}", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
                position, position.Dot(normal), 1, -1024, k + 1);
        }).ToList();
        return new CtSeries
        {
            StudyInstanceUid = "1.2.3.100",
            SeriesInstanceUid = "1.2.3.200",
            FrameOfReferenceUid = "1.2.3.300",
            Modality = "CT",
            Rows = rows,
            Columns = columns,
            RowSpacing = rowSpacing,
            ColumnSpacing = columnSpacing,
            SliceSpacing = sliceSpacing,
            RowDirection = rowDir,
            ColumnDirection = columnDir,
            Slices = slices,
            PatientStudy = new PatientStudyAttributes
            {
                StudyInstanceUid = "1.2.3.100",
                PatientName = "Doe^Jane",
                PatientId = "PID-4711",
                PatientBirthDate = "19700101",
                AccessionNumber = "ACC-99",
            },
        };
    }

    /// <summary>Patient x (mm) of a voxel centre, computed here independently of the pipeline.</summary>
    public static double PatientX(CtSeries series, int column, int row, int slice) =>
        series.Slices[slice].ImagePositionPatient.X
        + series.RowDirection.X * series.ColumnSpacing * column
        + series.ColumnDirection.X * series.RowSpacing * row;

    /// <summary>Sets voxels of the box [c0, c1) × [r0, r1) × [s0, s1) to value.</summary>
    public static void Box(LabelVolume volume, int c0, int c1, int r0, int r1, int s0, int s1, byte value)
    {
        for (int s = s0; s < s1; s++)
            for (int r = r0; r < r1; r++)
                for (int c = c0; c < c1; c++)
                    volume.Voxels[volume.Index(c, r, s)] = value;
    }

    public static long CountWhere(LabelVolume volume, Func<int, int, int, byte, bool> predicate)
    {
        long n = 0;
        for (int s = 0; s < volume.Depth; s++)
            for (int r = 0; r < volume.Rows; r++)
                for (int c = 0; c < volume.Columns; c++)
                    if (predicate(c, r, s, volume.Voxels[volume.Index(c, r, s)])) n++;
        return n;
    }
}
