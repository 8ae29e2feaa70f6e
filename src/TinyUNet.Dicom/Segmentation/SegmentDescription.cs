namespace TinyUNet.Dicom.Segmentation;

/// <summary>
/// What one segment of a DICOM-SEG is: its number (1-based), label, category and type codes, optional type
/// modifier (laterality), optional anatomic region (with optional modifier), and a display colour (CIELab or RGB
/// is the writer's concern; here sRGB 0–255).
/// </summary>
public sealed record SegmentDescription(
    int Number,
    string Label,
    CodedConcept Category,
    CodedConcept Type,
    CodedConcept? TypeModifier = null,
    CodedConcept? AnatomicRegion = null,
    CodedConcept? AnatomicRegionModifier = null,
    (byte R, byte G, byte B)? Colour = null);
