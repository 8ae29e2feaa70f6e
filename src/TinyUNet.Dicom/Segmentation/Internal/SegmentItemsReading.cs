using gdcm;
using TinyUNet.Dicom.Gdcm;

namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>Turns Segment Sequence items back into <see cref="SegmentDescription"/>s.</summary>
internal static class SegmentItemsReading
{
    public static IReadOnlyList<SegmentDescription> Read(DataSet ds, GdcmScope scope)
    {
        var result = new List<SegmentDescription>();
        foreach (var item in ds.GetItems(DicomTag.SegmentSequence, scope))
        {
            var numbers = item.GetUShorts(DicomTag.SegmentNumber);
            if (numbers.Length != 1)
                throw new SegmentationReadException(SegmentationReadError.Malformed, "A segment has no SegmentNumber.");
            var unknown = new CodedConcept("", "", "");
            var typeItem = item.GetFirstItem(DicomTag.SegmentedPropertyTypeCodeSequence, scope);
            var regionItem = item.GetFirstItem(DicomTag.AnatomicRegionSequence, scope);
            var lab = item.GetUShorts(DicomTag.RecommendedDisplayCieLabValue);
            result.Add(new SegmentDescription(
                numbers[0],
                item.GetString(DicomTag.SegmentLabel) ?? "",
                item.GetCode(DicomTag.SegmentedPropertyCategoryCodeSequence, scope) ?? unknown,
                item.GetCode(DicomTag.SegmentedPropertyTypeCodeSequence, scope) ?? unknown,
                typeItem?.GetCode(DicomTag.SegmentedPropertyTypeModifierCodeSequence, scope),
                item.GetCode(DicomTag.AnatomicRegionSequence, scope),
                regionItem?.GetCode(DicomTag.AnatomicRegionModifierSequence, scope),
                lab.Length == 3 ? CieLab.ToRgb(lab[0], lab[1], lab[2]) : null));
        }
        if (result.Select(s => s.Number).Distinct().Count() != result.Count)
            throw new SegmentationReadException(SegmentationReadError.Malformed, "Two segments share a SegmentNumber.");
        return result.OrderBy(s => s.Number).ToList();
    }
}
