namespace TinyUNet.Dicom.Segmentation;

/// <summary>What was written: where, its new UIDs, and how many frames (non-empty slices per segment).</summary>
public sealed record SegmentationWriteResult(
    string FilePath,
    string SeriesInstanceUid,
    string SopInstanceUid,
    int NumberOfFrames,
    IReadOnlyDictionary<int, int> FramesPerSegment);
