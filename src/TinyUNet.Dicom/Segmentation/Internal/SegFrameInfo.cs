namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>What a SEG says about one of its frames: its segment, its source image, its position.</summary>
internal sealed record SegFrameInfo(int SegmentNumber, string? SourceSopInstanceUid, Vector3? Position);
