using gdcm;
using TinyUNet.Dicom.Gdcm;

namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>Fills one Segment Sequence item (Segment Description macro + algorithm identification).</summary>
internal static class SegmentItems
{
    private static readonly CodedConcept ArtificialIntelligence = new("123110", "DCM", "Artificial Intelligence");

    public static void Fill(DataSet item, SegmentDescription s, SegmentationWriterOptions o)
    {
        item.PutSequence(DicomTag.SegmentedPropertyCategoryCodeSequence, [i => i.PutCodeItem(s.Category)]);
        item.PutUShorts(DicomTag.SegmentNumber, (ushort)s.Number);
        item.PutString(DicomTag.SegmentLabel, VR.VRType.LO, s.Label);
        item.PutString(DicomTag.SegmentAlgorithmType, VR.VRType.CS, "AUTOMATIC");
        item.PutString(DicomTag.SegmentAlgorithmName, VR.VRType.LO, o.AlgorithmName);
        item.PutSequence(DicomTag.SegmentationAlgorithmIdentificationSequence, [i =>
        {
            i.PutCode(DicomTag.AlgorithmFamilyCodeSequence, ArtificialIntelligence);
            i.PutString(DicomTag.AlgorithmName, VR.VRType.LO, o.AlgorithmName);
            i.PutString(DicomTag.AlgorithmVersion, VR.VRType.LO, o.AlgorithmVersion);
            if (o.AlgorithmParameters is not null) i.PutString(DicomTag.AlgorithmParameters, VR.VRType.LT, o.AlgorithmParameters);
        }]);
        var (r, g, b) = s.Colour ?? (128, 128, 128);
        item.PutUShorts(DicomTag.RecommendedDisplayCieLabValue, CieLab.FromRgb(r, g, b));
        // Modifiers nest inside the code item they qualify (PS3.3 C.8.20.2 / Table 10-7).
        item.PutSequence(DicomTag.SegmentedPropertyTypeCodeSequence, [i =>
        {
            i.PutCodeItem(s.Type);
            if (s.TypeModifier is not null) i.PutCode(DicomTag.SegmentedPropertyTypeModifierCodeSequence, s.TypeModifier);
        }]);
        if (s.AnatomicRegion is not null)
            item.PutSequence(DicomTag.AnatomicRegionSequence, [i =>
            {
                i.PutCodeItem(s.AnatomicRegion);
                if (s.AnatomicRegionModifier is not null) i.PutCode(DicomTag.AnatomicRegionModifierSequence, s.AnatomicRegionModifier);
            }]);
    }
}
