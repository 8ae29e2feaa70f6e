namespace TinyUNet.Dicom.Segmentation;

/// <summary>
/// A SEG read back over its source series: one binary mask per described segment (in segment-number order), each
/// aligned with CtSeries.Slices; slices the SEG has no frame for are zero.
/// </summary>
public sealed record SegmentationReadResult(
    string SeriesInstanceUid,
    string SopInstanceUid,
    string SegmentationType,
    int NumberOfFrames,
    IReadOnlyList<SegmentMask> Segments);
