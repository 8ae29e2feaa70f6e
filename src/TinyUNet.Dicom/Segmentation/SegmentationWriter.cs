using System.Globalization;
using gdcm;
using TinyUNet.Dicom.Gdcm;
using TinyUNet.Dicom.Segmentation.Internal;

namespace TinyUNet.Dicom.Segmentation;

/// <summary>
/// Writes a DICOM Segmentation Storage instance (BINARY, explicit VR little endian) for masks over a CT series.
/// Frames: one per (segment, slice) with any voxel set, segments in number order, slices in series order; empty
/// frames are omitted (as highdicom and dcmqi do). A segment that is empty everywhere is still described and gets
/// exactly one all-zero frame on the first slice, so every described segment is referenced by a frame and the pixel
/// data is never empty (a SEG needs at least one frame); readers turn that frame back into an empty mask.
/// The file is written to a temporary name in the target folder and renamed, so no reader sees half a SEG.
/// </summary>
public sealed class SegmentationWriter(TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    private static readonly CodedConcept ProcessingEquipment = new("109102", "DCM", "Processing Equipment");

    public SegmentationWriteResult Write(string path, CtSeries source, IReadOnlyList<SegmentMask> segments,
        SegmentationWriterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var ordered = SegmentationInputs.Validate(source, segments);
        var frames = SegmentationInputs.Frames(ordered, source.Rows * source.Columns);
        cancellationToken.ThrowIfCancellationRequested();

        string seriesUid = options.SeriesInstanceUid ?? DicomUidGenerator.New(), sopUid = options.SopInstanceUid ?? DicomUidGenerator.New();
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        System.IO.Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new Writer())
            using (var file = writer.GetFile())
            {
                using (var ds = file.GetDataSet())
                {
                    PutTopLevel(ds, source, options, seriesUid, sopUid, _time.GetLocalNow().DateTime);
                    ds.PutSequence(DicomTag.SegmentSequence,
                        ordered.Select<SegmentMask, Action<DataSet>>(s => item => SegmentItems.Fill(item, s.Segment, options)));
                    ds.PutString(DicomTag.SegmentsOverlap, VR.VRType.CS,
                        SegmentationInputs.Overlap(ordered, frames, source.Rows * source.Columns) ? "YES" : "NO");
                    ds.PutInteger(DicomTag.NumberOfFrames, frames.Count);
                    FunctionalGroups.PutShared(ds, source);
                    FunctionalGroups.PutPerFrame(ds, source, frames);
                    cancellationToken.ThrowIfCancellationRequested();
                    ds.PutBytes(DicomTag.PixelData, VR.VRType.OB, SegmentationInputs.Pack(ordered, frames, source.Rows * source.Columns));
                }
                using (var header = file.GetHeader())
                using (var ts = new TransferSyntax(TransferSyntax.TSType.ExplicitVRLittleEndian))
                    header.SetDataSetTransferSyntax(ts);
                writer.SetFileName(temp);
                if (!writer.Write()) throw new IOException($"GDCM could not write the segmentation to {temp}.");
            }
            System.IO.File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (System.IO.File.Exists(temp)) System.IO.File.Delete(temp);
        }

        var perSegment = ordered.ToDictionary(s => s.Segment.Number, s => frames.Count(f => f.SegmentNumber == s.Segment.Number));
        return new SegmentationWriteResult(Path.GetFullPath(path), seriesUid, sopUid, frames.Count, perSegment);
    }

    private static void PutTopLevel(DataSet ds, CtSeries source, SegmentationWriterOptions o, string seriesUid, string sopUid, DateTime now)
    {
        string date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture), time = now.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture);
        var ps = source.PatientStudy;
        ds.PutString(DicomTag.SpecificCharacterSet, VR.VRType.CS, "ISO_IR 192");
        ds.PutStrings(DicomTag.ImageType, VR.VRType.CS, "DERIVED", "PRIMARY");
        ds.PutString(DicomTag.InstanceCreationDate, VR.VRType.DA, date);
        ds.PutString(DicomTag.InstanceCreationTime, VR.VRType.TM, time);
        ds.PutString(DicomTag.SopClassUid, VR.VRType.UI, SopClassUids.Segmentation);
        ds.PutString(DicomTag.SopInstanceUid, VR.VRType.UI, sopUid);
        ds.PutString(DicomTag.StudyDate, VR.VRType.DA, ps.StudyDate);
        ds.PutString(DicomTag.SeriesDate, VR.VRType.DA, date);
        ds.PutString(DicomTag.ContentDate, VR.VRType.DA, date);
        ds.PutString(DicomTag.StudyTime, VR.VRType.TM, ps.StudyTime);
        ds.PutString(DicomTag.SeriesTime, VR.VRType.TM, time);
        ds.PutString(DicomTag.ContentTime, VR.VRType.TM, time);
        ds.PutString(DicomTag.AccessionNumber, VR.VRType.SH, ps.AccessionNumber);
        ds.PutString(DicomTag.Modality, VR.VRType.CS, "SEG");
        ds.PutString(DicomTag.Manufacturer, VR.VRType.LO, o.Manufacturer);
        ds.PutString(DicomTag.ReferringPhysicianName, VR.VRType.PN, ps.ReferringPhysicianName);
        if (ps.StudyDescription is not null) ds.PutString(DicomTag.StudyDescription, VR.VRType.LO, ps.StudyDescription);
        ds.PutString(DicomTag.SeriesDescription, VR.VRType.LO, o.SeriesDescription);
        ds.PutString(DicomTag.ManufacturerModelName, VR.VRType.LO, o.ManufacturerModelName);
        // Common Instance Reference: the whole source series, which OHIF needs to load the SEG.
        ds.PutSequence(DicomTag.ReferencedSeriesSequence, [item =>
        {
            item.PutSequence(DicomTag.ReferencedInstanceSequence, source.Slices.Select<CtSlice, Action<DataSet>>(s => r =>
            {
                r.PutString(DicomTag.ReferencedSopClassUid, VR.VRType.UI, s.SopClassUid);
                r.PutString(DicomTag.ReferencedSopInstanceUid, VR.VRType.UI, s.SopInstanceUid);
            }));
            item.PutString(DicomTag.SeriesInstanceUid, VR.VRType.UI, source.SeriesInstanceUid);
        }]);
        ds.PutString(DicomTag.PatientName, VR.VRType.PN, ps.PatientName);
        ds.PutString(DicomTag.PatientId, VR.VRType.LO, ps.PatientId);
        if (ps.IssuerOfPatientId is not null) ds.PutString(DicomTag.IssuerOfPatientId, VR.VRType.LO, ps.IssuerOfPatientId);
        ds.PutString(DicomTag.PatientBirthDate, VR.VRType.DA, ps.PatientBirthDate);
        ds.PutString(DicomTag.PatientSex, VR.VRType.CS, ps.PatientSex);
        if (ps.PatientAge is not null) ds.PutString(DicomTag.PatientAge, VR.VRType.AS, ps.PatientAge);
        ds.PutString(DicomTag.DeviceSerialNumber, VR.VRType.LO, o.DeviceSerialNumber);
        ds.PutString(DicomTag.SoftwareVersions, VR.VRType.LO, o.SoftwareVersion);
        ds.PutSequence(DicomTag.ContributingEquipmentSequence, [item =>
        {
            item.PutCode(DicomTag.PurposeOfReferenceCodeSequence, ProcessingEquipment);
            item.PutString(DicomTag.Manufacturer, VR.VRType.LO, o.Manufacturer);
            item.PutString(DicomTag.ManufacturerModelName, VR.VRType.LO, o.ManufacturerModelName);
            item.PutString(DicomTag.SoftwareVersions, VR.VRType.LO, o.SoftwareVersion);
            item.PutString(DicomTag.ContributionDateTime, VR.VRType.DT, date + time);
            item.PutString(DicomTag.ContributionDescription, VR.VRType.ST, $"AI segmentation by {o.AlgorithmName} {o.AlgorithmVersion}");
        }]);
        ds.PutString(DicomTag.StudyInstanceUid, VR.VRType.UI, source.StudyInstanceUid);
        ds.PutString(DicomTag.SeriesInstanceUid, VR.VRType.UI, seriesUid);
        ds.PutString(DicomTag.StudyId, VR.VRType.SH, ps.StudyId);
        ds.PutInteger(DicomTag.SeriesNumber, o.SeriesNumber);
        ds.PutInteger(DicomTag.InstanceNumber, 1);
        ds.PutString(DicomTag.FrameOfReferenceUid, VR.VRType.UI, source.FrameOfReferenceUid);
        ds.PutString(DicomTag.PositionReferenceIndicator, VR.VRType.LO, "");
        PutDimensions(ds);
        ds.PutUShorts(DicomTag.SamplesPerPixel, 1);
        ds.PutString(DicomTag.PhotometricInterpretation, VR.VRType.CS, "MONOCHROME2");
        ds.PutUShorts(DicomTag.Rows, (ushort)source.Rows);
        ds.PutUShorts(DicomTag.Columns, (ushort)source.Columns);
        ds.PutUShorts(DicomTag.BitsAllocated, 1);
        ds.PutUShorts(DicomTag.BitsStored, 1);
        ds.PutUShorts(DicomTag.HighBit, 0);
        ds.PutUShorts(DicomTag.PixelRepresentation, 0);
        ds.PutString(DicomTag.LossyImageCompression, VR.VRType.CS, "00");
        ds.PutString(DicomTag.SegmentationType, VR.VRType.CS, "BINARY");
        ds.PutString(DicomTag.ContentLabel, VR.VRType.CS, o.ContentLabel);
        ds.PutString(DicomTag.ContentDescription, VR.VRType.LO, o.ContentDescription);
        ds.PutString(DicomTag.ContentCreatorName, VR.VRType.PN, o.ContentCreatorName);
    }

    private static void PutDimensions(DataSet ds)
    {
        var organization = DicomUidGenerator.New();
        ds.PutSequence(DicomTag.DimensionOrganizationSequence, [item => item.PutString(DicomTag.DimensionOrganizationUid, VR.VRType.UI, organization)]);
        ds.PutSequence(DicomTag.DimensionIndexSequence,
        [
            item =>
            {
                item.PutString(DicomTag.DimensionOrganizationUid, VR.VRType.UI, organization);
                item.PutAttributeTag(DicomTag.DimensionIndexPointer, DicomTag.ReferencedSegmentNumber);
                item.PutAttributeTag(DicomTag.FunctionalGroupPointer, DicomTag.SegmentIdentificationSequence);
                item.PutString(DicomTag.DimensionDescriptionLabel, VR.VRType.LO, "ReferencedSegmentNumber");
            },
            item =>
            {
                item.PutString(DicomTag.DimensionOrganizationUid, VR.VRType.UI, organization);
                item.PutAttributeTag(DicomTag.DimensionIndexPointer, DicomTag.ImagePositionPatient);
                item.PutAttributeTag(DicomTag.FunctionalGroupPointer, DicomTag.PlanePositionSequence);
                item.PutString(DicomTag.DimensionDescriptionLabel, VR.VRType.LO, "ImagePositionPatient");
            },
        ]);
    }
}
