using gdcm;
using TinyUNet.Dicom.Gdcm;

namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>Shared and per-frame functional groups of a SEG over an axial CT series.</summary>
internal static class FunctionalGroups
{
    private static readonly CodedConcept SourceImageForProcessing = new("121322", "DCM", "Source image for image processing operation");
    private static readonly CodedConcept SegmentationDerivation = new("113076", "DCM", "Segmentation");

    public static void PutShared(DataSet ds, CtSeries source)
    {
        ds.PutSequence(DicomTag.SharedFunctionalGroupsSequence, [shared =>
        {
            shared.PutSequence(DicomTag.PixelMeasuresSequence, [pm =>
            {
                // CtSeries has no SliceThickness; the SEG's voxels are as thick as the slices are apart.
                pm.PutDecimals(DicomTag.SliceThickness, source.SliceSpacing);
                pm.PutDecimals(DicomTag.SpacingBetweenSlices, source.SliceSpacing);
                pm.PutDecimals(DicomTag.PixelSpacing, source.RowSpacing, source.ColumnSpacing);
            }]);
            shared.PutSequence(DicomTag.PlaneOrientationSequence, [po =>
            {
                var r = source.RowDirection; var c = source.ColumnDirection;
                po.PutDecimals(DicomTag.ImageOrientationPatient, r.X, r.Y, r.Z, c.X, c.Y, c.Z);
            }]);
        }]);
    }

    public static void PutPerFrame(DataSet ds, CtSeries source, IReadOnlyList<SegFrame> frames)
    {
        ds.PutSequence(DicomTag.PerFrameFunctionalGroupsSequence, frames.Select<SegFrame, Action<DataSet>>(f => item =>
        {
            var slice = source.Slices[f.SliceIndex];
            item.PutSequence(DicomTag.DerivationImageSequence, [derivation =>
            {
                derivation.PutSequence(DicomTag.SourceImageSequence, [src =>
                {
                    src.PutString(DicomTag.ReferencedSopClassUid, VR.VRType.UI, slice.SopClassUid);
                    src.PutString(DicomTag.ReferencedSopInstanceUid, VR.VRType.UI, slice.SopInstanceUid);
                    src.PutCode(DicomTag.PurposeOfReferenceCodeSequence, SourceImageForProcessing);
                }]);
                derivation.PutCode(DicomTag.DerivationCodeSequence, SegmentationDerivation);
            }]);
            item.PutSequence(DicomTag.FrameContentSequence, [fc =>
                fc.PutUInts(DicomTag.DimensionIndexValues, (uint)f.SegmentNumber, (uint)(f.SliceIndex + 1))]);
            item.PutSequence(DicomTag.PlanePositionSequence, [pp =>
            {
                var p = slice.ImagePositionPatient;
                pp.PutDecimals(DicomTag.ImagePositionPatient, p.X, p.Y, p.Z);
            }]);
            item.PutSequence(DicomTag.SegmentIdentificationSequence, [si =>
                si.PutUShorts(DicomTag.ReferencedSegmentNumber, (ushort)f.SegmentNumber)]);
        }));
    }
}
