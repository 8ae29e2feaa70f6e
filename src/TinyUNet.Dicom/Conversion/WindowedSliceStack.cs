using TinyUNet.Dicom.Gdcm;
using TinyUNet.Dicom.Writing;

namespace TinyUNet.Dicom.Conversion;

/// <summary>
/// One axial slice as machine-learning datasets export them: 8-bit gray after a display window, cropped to the body
/// on its own, row-major. <see cref="Mask"/>, when present, is a reference label of the same size (non-zero = inside).
/// </summary>
public sealed record WindowedSlice(int Width, int Height, byte[] Pixels, byte[]? Mask = null);

/// <summary>What a converted stack became: the CT series written, and the reference masks on the same grid.</summary>
/// <param name="Reference">The slices' masks placed as their pixels were, in the order of Series.Slices; all zero when the slices had none.</param>
public sealed record WindowedSliceStackResult(CtSeries Series, LabelVolume Reference, long ReferenceVoxels)
{
    public double ReferenceMl => ReferenceVoxels * Series.VoxelVolumeMm3 / 1000.0;
}

/// <summary>
/// Turns a stack of windowed slices back into a CT Image Storage series a PACS and the worker accept: every slice
/// centred on one canvas (their crops differ), turned to the radiological view, HU restored by inverting the stated
/// window (stored value v ↦ bottom + v/255·width; outside the crops is v = 0, air), placed at the stated spacing.
/// What cannot be recovered from the export (canvas position, spacing) is stated in <see cref="WindowedSliceStackOptions"/>;
/// the series says it is derived and how. Deterministic: the same slices and options give the same files and UIDs.
/// </summary>
public static class WindowedSliceStack
{
    /// <summary>Writes IMG0001.dcm … into <paramref name="outputFolder"/>; <paramref name="slices"/> in acquisition order.</summary>
    public static WindowedSliceStackResult Write(IReadOnlyList<WindowedSlice> slices, WindowedSliceStackOptions options,
        string outputFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (slices.Count < 3) throw new ArgumentException($"Need at least 3 slices, got {slices.Count}.", nameof(slices));
        Directory.CreateDirectory(outputFolder);
        CtSeries series = BuildSeries(slices.Count, options, outputFolder);
        var reference = new LabelVolume(series.Columns, series.Rows, series.Slices.Count);
        long referenceVoxels = 0;
        var stored = new short[series.Rows * series.Columns];
        var provenance = new CtImageProvenance("TinyUNet slice-stack converter", "WindowedSliceStack", Derived: true,
            $"HU from 8-bit windowed slices (W {Ds(options.WindowWidth)} / L {Ds(options.WindowCenter)}); spacing and canvas position assumed");
        for (int i = 0; i < slices.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Series.Slices ascend from inferior to superior; the input runs the other way when its first slice is superior.
            int k = options.FirstSliceInferior ? i : slices.Count - 1 - i;
            referenceVoxels += Place(slices[i], i, options, stored, reference, k);
            CtImageWriter.Write(series, k, stored, provenance);
        }
        return new WindowedSliceStackResult(series, reference, referenceVoxels);
    }

    /// <summary>
    /// Fills <paramref name="stored"/> (the canvas) with air and the slice's HU, centred, and marks its mask in slice
    /// <paramref name="k"/> of <paramref name="reference"/>; returns the mask's voxel count.
    /// </summary>
    private static long Place(WindowedSlice slice, int index, WindowedSliceStackOptions o, short[] stored, LabelVolume reference, int k)
    {
        if (slice.Width <= 0 || slice.Height <= 0 || slice.Pixels.Length != slice.Width * slice.Height)
            throw new ArgumentException($"Slice {index + 1}: {slice.Pixels.Length} pixels for {slice.Width}×{slice.Height}.");
        if (slice.Mask is { } m && m.Length != slice.Pixels.Length)
            throw new ArgumentException($"Slice {index + 1}: the mask is not the image's size.");
        // The transposed view has the source's columns as rows.
        int width = o.Transposed ? slice.Height : slice.Width, height = o.Transposed ? slice.Width : slice.Height;
        if (width > o.CanvasColumns || height > o.CanvasRows)
            throw new ArgumentException($"Slice {index + 1} ({width}×{height} in the radiological view) does not fit the {o.CanvasColumns}×{o.CanvasRows} canvas.");
        Array.Fill(stored, CtImageWriter.Stored(o.WindowBottom));
        int left = (o.CanvasColumns - width) / 2, top = (o.CanvasRows - height) / 2;
        long marked = 0;
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            int source = o.Transposed ? x * slice.Width + y : y * slice.Width + x;
            stored[(top + y) * o.CanvasColumns + left + x] = CtImageWriter.Stored(o.WindowBottom + slice.Pixels[source] / 255.0 * o.WindowWidth);
            if (slice.Mask is { } mask && mask[source] != 0)
            {
                reference.Voxels[reference.Index(left + x, top + y, k)] = 1;
                marked++;
            }
        }
        return marked;
    }

    private static CtSeries BuildSeries(int count, WindowedSliceStackOptions o, string folder)
    {
        string Uid(string purpose) => DicomUidGenerator.FromName(o.UidName, purpose);
        double spacing = Ds(o.PixelSpacingMm), sliceSpacing = Ds(o.SliceSpacingMm);
        double x0 = Ds(-(o.CanvasColumns - 1) * spacing / 2), y0 = Ds(-(o.CanvasRows - 1) * spacing / 2);
        var slices = Enumerable.Range(0, count).Select(k =>
        {
            var ipp = new Vector3(x0, y0, Ds(k * sliceSpacing));
            return new CtSlice(Path.Combine(Path.GetFullPath(folder), $"IMG{k + 1:D4}.dcm"), Uid($"sop/{k}"),
                CtImageWriter.CtImageStorage, CtImageWriter.ExplicitVrLittleEndian, ipp, ipp.Z,
                CtImageWriter.Slope, CtImageWriter.Intercept, k + 1);
        }).ToList();
        var patientStudy = new PatientStudyAttributes
        {
            PatientName = o.PatientName,
            PatientId = o.PatientId,
            PatientBirthDate = "",
            PatientSex = "O",
            StudyInstanceUid = Uid("study"),
            StudyDate = o.StudyDate,
            StudyTime = "120000",
            StudyId = "SAMPLE",
            AccessionNumber = "",
            ReferringPhysicianName = "",
            StudyDescription = o.StudyDescription,
        };
        return new CtSeries
        {
            StudyInstanceUid = patientStudy.StudyInstanceUid,
            SeriesInstanceUid = Uid("series"),
            FrameOfReferenceUid = Uid("frame-of-reference"),
            Modality = "CT",
            SeriesDescription = o.SeriesDescription,
            SeriesNumber = 1,
            Rows = o.CanvasRows,
            Columns = o.CanvasColumns,
            RowSpacing = spacing,
            ColumnSpacing = spacing,
            SliceSpacing = sliceSpacing,
            // The radiological view: columns run to the patient's left, rows to posterior.
            RowDirection = new Vector3(1, 0, 0),
            ColumnDirection = new Vector3(0, 1, 0),
            Slices = slices,
            PatientStudy = patientStudy,
        };
    }

    // Values as DS can hold them, so the returned CtSeries equals what a reader of the files parses.
    private static double Ds(double value) => DicomDecimal.Parse(DicomDecimal.Format(value));
}
