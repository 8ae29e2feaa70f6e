using gdcm;
using TinyUNet.Dicom.Gdcm;

namespace TinyUNet.Dicom.Writing;

/// <summary>Who made a CT series the project writes, and how: the General Equipment module and Image Type.</summary>
/// <param name="Derived">True for images made from other images (Image Type DERIVED\SECONDARY, with <paramref name="DerivationDescription"/>).</param>
public sealed record CtImageProvenance(string Manufacturer, string ModelName, bool Derived = false, string? DerivationDescription = null);

/// <summary>
/// Writes one CT Image Storage instance (explicit VR little endian, 16-bit signed, stored = HU − intercept) with the
/// Patient, General Study, General Series, Frame of Reference, General Equipment, General Image, Image Plane,
/// Image Pixel, CT Image, VOI LUT and SOP Common modules: what dciodvfy checks for the CT Image IOD. The series'
/// date and time are the study's.
/// </summary>
public static class CtImageWriter
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";
    public const double Intercept = -1024, Slope = 1;

    /// <summary>The stored value for <paramref name="hu"/>, rounded and clamped to what 16 signed bits hold.</summary>
    public static short Stored(double hu) => (short)Math.Clamp(Math.Round(hu - Intercept), short.MinValue, short.MaxValue);

    /// <summary>Writes slice <paramref name="index"/> of <paramref name="series"/> to its <see cref="CtSlice.FilePath"/>.</summary>
    public static void Write(CtSeries series, int index, short[] stored, CtImageProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(provenance);
        if (stored.Length != series.Rows * series.Columns)
            throw new ArgumentException($"Expected {series.Rows}×{series.Columns} values, got {stored.Length}.", nameof(stored));
        var slice = series.Slices[index];
        var ps = series.PatientStudy;
        string date = ps.StudyDate ?? "", time = ps.StudyTime ?? "";
        using var writer = new Writer();
        using var file = writer.GetFile();
        using var ds = file.GetDataSet();
        ds.PutString(DicomTag.SpecificCharacterSet, VR.VRType.CS, "ISO_IR 192");
        if (provenance.Derived) ds.PutStrings(DicomTag.ImageType, VR.VRType.CS, "DERIVED", "SECONDARY", "AXIAL");
        else ds.PutStrings(DicomTag.ImageType, VR.VRType.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        if (provenance.DerivationDescription is { } derivation) ds.PutString(DicomTag.DerivationDescription, VR.VRType.ST, derivation);
        ds.PutString(DicomTag.SopClassUid, VR.VRType.UI, CtImageStorage);
        ds.PutString(DicomTag.SopInstanceUid, VR.VRType.UI, slice.SopInstanceUid);
        ds.PutString(DicomTag.StudyDate, VR.VRType.DA, ps.StudyDate);
        ds.PutString(DicomTag.SeriesDate, VR.VRType.DA, date);
        ds.PutString(DicomTag.AcquisitionDate, VR.VRType.DA, date);
        ds.PutString(DicomTag.ContentDate, VR.VRType.DA, date);
        ds.PutString(DicomTag.StudyTime, VR.VRType.TM, ps.StudyTime);
        ds.PutString(DicomTag.SeriesTime, VR.VRType.TM, time);
        ds.PutString(DicomTag.AcquisitionTime, VR.VRType.TM, time);
        ds.PutString(DicomTag.ContentTime, VR.VRType.TM, time);
        ds.PutString(DicomTag.AccessionNumber, VR.VRType.SH, ps.AccessionNumber);
        ds.PutString(DicomTag.Modality, VR.VRType.CS, "CT");
        ds.PutString(DicomTag.Manufacturer, VR.VRType.LO, provenance.Manufacturer);
        ds.PutString(DicomTag.ReferringPhysicianName, VR.VRType.PN, ps.ReferringPhysicianName);
        ds.PutString(DicomTag.StudyDescription, VR.VRType.LO, ps.StudyDescription);
        ds.PutString(DicomTag.SeriesDescription, VR.VRType.LO, series.SeriesDescription);
        ds.PutString(DicomTag.ManufacturerModelName, VR.VRType.LO, provenance.ModelName);
        ds.PutString(DicomTag.PatientName, VR.VRType.PN, ps.PatientName);
        ds.PutString(DicomTag.PatientId, VR.VRType.LO, ps.PatientId);
        ds.PutString(DicomTag.PatientBirthDate, VR.VRType.DA, ps.PatientBirthDate);
        ds.PutString(DicomTag.PatientSex, VR.VRType.CS, ps.PatientSex);
        ds.PutString(DicomTag.BodyPartExamined, VR.VRType.CS, "CHEST");
        ds.PutDecimals(DicomTag.SliceThickness, series.SliceSpacing);
        ds.PutDecimals(DicomTag.Kvp, 120);
        ds.PutString(DicomTag.SoftwareVersions, VR.VRType.LO, typeof(CtImageWriter).Assembly.GetName().Version?.ToString());
        ds.PutString(DicomTag.PatientPosition, VR.VRType.CS, "FFS");
        ds.PutString(DicomTag.StudyInstanceUid, VR.VRType.UI, series.StudyInstanceUid);
        ds.PutString(DicomTag.SeriesInstanceUid, VR.VRType.UI, series.SeriesInstanceUid);
        ds.PutString(DicomTag.StudyId, VR.VRType.SH, ps.StudyId);
        ds.PutInteger(DicomTag.SeriesNumber, series.SeriesNumber ?? 1);
        ds.PutInteger(DicomTag.AcquisitionNumber, 1);
        ds.PutInteger(DicomTag.InstanceNumber, slice.InstanceNumber ?? index + 1);
        var p = slice.ImagePositionPatient;
        ds.PutDecimals(DicomTag.ImagePositionPatient, p.X, p.Y, p.Z);
        var r = series.RowDirection; var c = series.ColumnDirection;
        ds.PutDecimals(DicomTag.ImageOrientationPatient, r.X, r.Y, r.Z, c.X, c.Y, c.Z);
        ds.PutString(DicomTag.FrameOfReferenceUid, VR.VRType.UI, series.FrameOfReferenceUid);
        ds.PutString(DicomTag.PositionReferenceIndicator, VR.VRType.LO, "");
        ds.PutDecimals(DicomTag.SliceLocation, slice.PositionAlongNormal);
        ds.PutUShorts(DicomTag.SamplesPerPixel, 1);
        ds.PutString(DicomTag.PhotometricInterpretation, VR.VRType.CS, "MONOCHROME2");
        ds.PutUShorts(DicomTag.Rows, (ushort)series.Rows);
        ds.PutUShorts(DicomTag.Columns, (ushort)series.Columns);
        ds.PutDecimals(DicomTag.PixelSpacing, series.RowSpacing, series.ColumnSpacing);
        ds.PutUShorts(DicomTag.BitsAllocated, 16);
        ds.PutUShorts(DicomTag.BitsStored, 16);
        ds.PutUShorts(DicomTag.HighBit, 15);
        ds.PutUShorts(DicomTag.PixelRepresentation, 1);
        // A lung window first (what a reader of a COVID-19 chest CT wants to see), then mediastinum.
        ds.PutDecimals(DicomTag.WindowCenter, -600, 40);
        ds.PutDecimals(DicomTag.WindowWidth, 1500, 400);
        ds.PutStrings(DicomTag.WindowCenterWidthExplanation, VR.VRType.LO, "LUNG", "MEDIASTINUM");
        ds.PutDecimals(DicomTag.RescaleIntercept, Intercept);
        ds.PutDecimals(DicomTag.RescaleSlope, Slope);
        var bytes = new byte[stored.Length * 2];
        Buffer.BlockCopy(stored, 0, bytes, 0, bytes.Length); // little-endian host, as the transfer syntax wants
        ds.PutBytes(DicomTag.PixelData, VR.VRType.OW, bytes);
        using var header = file.GetHeader();
        using var ts = new TransferSyntax(TransferSyntax.TSType.ExplicitVRLittleEndian);
        header.SetDataSetTransferSyntax(ts);
        writer.SetFileName(slice.FilePath);
        if (!writer.Write()) throw new IOException($"GDCM could not write {slice.FilePath}.");
    }
}
