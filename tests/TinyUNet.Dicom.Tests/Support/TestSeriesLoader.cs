using Reader = gdcm.Reader;
using TinyUNet.Dicom.Gdcm;

namespace TinyUNet.Dicom.Tests.Support;

/// <summary>
/// Test-only: a minimal CtSeries from a folder of single-frame CT files (the production reader is another
/// component). Reads just what the SEG writer and reader use; slices sorted along the normal.
/// </summary>
public static class TestSeriesLoader
{
    public static CtSeries Load(string folder) => Load(Directory.GetFiles(folder));

    public static CtSeries Load(IEnumerable<string> files)
    {
        var slices = new List<(CtSlice Slice, double[] Orientation, double[] Spacing, int Rows, int Cols, string Series, string Study, string For)>();
        PatientStudyAttributes? ps = null;
        foreach (var path in files)
        {
            using var scope = new GdcmScope();
            using var reader = new Reader();
            reader.SetFileName(path);
            if (!reader.Read()) continue;
            using var file = reader.GetFile();
            using var header = file.GetHeader();
            using var ts = header.GetDataSetTransferSyntax();
            using var ds = file.GetDataSet();
            var ipp = ds.GetDecimals(DicomTag.ImagePositionPatient);
            var iop = ds.GetDecimals(DicomTag.ImageOrientationPatient);
            if (ipp.Length != 3 || iop.Length != 6) continue; // not an image (GDCM happily "reads" a README)
            var normal = new Vector3(iop[0], iop[1], iop[2]).Cross(new Vector3(iop[3], iop[4], iop[5])).Normalized();
            var position = new Vector3(ipp[0], ipp[1], ipp[2]);
            var slice = new CtSlice(path, ds.GetString(DicomTag.SopInstanceUid)!, ds.GetString(DicomTag.SopClassUid)!,
                ts.GetString().Trim('\0', ' '), position, position.Dot(normal),
                ds.GetDecimals(DicomTag.RescaleSlope).FirstOrDefault(1), ds.GetDecimals(DicomTag.RescaleIntercept).FirstOrDefault(0),
                ds.GetInteger(DicomTag.InstanceNumber));
            slices.Add((slice, iop, ds.GetDecimals(DicomTag.PixelSpacing), ds.GetUShorts(DicomTag.Rows)[0], ds.GetUShorts(DicomTag.Columns)[0],
                ds.GetString(DicomTag.SeriesInstanceUid)!, ds.GetString(DicomTag.StudyInstanceUid)!, ds.GetString(DicomTag.FrameOfReferenceUid)!));
            ps ??= new PatientStudyAttributes
            {
                PatientName = ds.GetString(DicomTag.PatientName),
                PatientId = ds.GetString(DicomTag.PatientId),
                PatientBirthDate = ds.GetString(DicomTag.PatientBirthDate),
                PatientSex = ds.GetString(DicomTag.PatientSex),
                StudyInstanceUid = ds.GetString(DicomTag.StudyInstanceUid)!,
                StudyDate = ds.GetString(DicomTag.StudyDate),
                StudyTime = ds.GetString(DicomTag.StudyTime),
                StudyId = ds.GetString(DicomTag.StudyId),
                AccessionNumber = ds.GetString(DicomTag.AccessionNumber),
                ReferringPhysicianName = ds.GetString(DicomTag.ReferringPhysicianName),
                StudyDescription = ds.GetString(DicomTag.StudyDescription),
            };
        }
        if (slices.Count == 0) throw new InvalidOperationException("No readable DICOM files.");
        slices.Sort((a, b) => a.Slice.PositionAlongNormal.CompareTo(b.Slice.PositionAlongNormal));
        var first = slices[0];
        double spacing = slices.Count > 1
            ? slices.Zip(slices.Skip(1), (a, b) => b.Slice.PositionAlongNormal - a.Slice.PositionAlongNormal).Order().ElementAt((slices.Count - 1) / 2)
            : 1.0;
        return new CtSeries
        {
            StudyInstanceUid = first.Study,
            SeriesInstanceUid = first.Series,
            FrameOfReferenceUid = first.For,
            Modality = "CT",
            Rows = first.Rows,
            Columns = first.Cols,
            RowSpacing = first.Spacing[0],
            ColumnSpacing = first.Spacing[1],
            SliceSpacing = spacing,
            RowDirection = new Vector3(first.Orientation[0], first.Orientation[1], first.Orientation[2]),
            ColumnDirection = new Vector3(first.Orientation[3], first.Orientation[4], first.Orientation[5]),
            Slices = slices.Select(s => s.Slice).ToList(),
            PatientStudy = ps!,
        };
    }
}
