namespace TinyUNet.Dicom.Segmentation;

/// <summary>
/// The segments our SEGs carry, with the codes of shared/docs/dicom-seg-and-volumetrics.md. Lungs are coded as
/// anatomy with a laterality type modifier (which TotalSegmentator and highdicom's helpers drop; we keep it so a
/// viewer can tell the sides apart by code, not only by label). Findings are morphologically abnormal structures
/// with the lung as anatomic region.
/// Consolidation: DICOM has no code for it. We use SCT 95436008 "Lung consolidation" because it names exactly the
/// finding; DCM 112121 "Infiltrate" is a different radiological concept and DCM 112001 "Opacity" also covers
/// ground-glass opacity, so a consumer could not tell our two lesion segments apart by code.
/// </summary>
public static class CovidSegments
{
    public static readonly CodedConcept AnatomicalStructure = new("91723000", "SCT", "Anatomical Structure");
    public static readonly CodedConcept MorphologicallyAbnormalStructure = new("49755003", "SCT", "Morphologically Abnormal Structure");
    public static readonly CodedConcept Lung = new("39607008", "SCT", "Lung");
    public static readonly CodedConcept Right = new("24028007", "SCT", "Right");
    public static readonly CodedConcept Left = new("7771000", "SCT", "Left");
    public static readonly CodedConcept GroundGlassOpacityCode = new("112120", "DCM", "Ground glass opacity");
    public static readonly CodedConcept LungConsolidationCode = new("95436008", "SCT", "Lung consolidation");

    public static readonly SegmentDescription RightLung =
        new(1, "Right lung", AnatomicalStructure, Lung, TypeModifier: Right, Colour: (128, 174, 128));

    public static readonly SegmentDescription LeftLung =
        new(2, "Left lung", AnatomicalStructure, Lung, TypeModifier: Left, Colour: (111, 184, 210));

    public static readonly SegmentDescription GroundGlassOpacity =
        new(3, "Ground-glass opacity", MorphologicallyAbnormalStructure, GroundGlassOpacityCode, AnatomicRegion: Lung,
            Colour: (255, 214, 0));

    public static readonly SegmentDescription Consolidation =
        new(4, "Consolidation", MorphologicallyAbnormalStructure, LungConsolidationCode, AnatomicRegion: Lung,
            Colour: (221, 60, 50));

    /// <summary>All four, in segment-number order.</summary>
    public static IReadOnlyList<SegmentDescription> All { get; } = [RightLung, LeftLung, GroundGlassOpacity, Consolidation];
}
