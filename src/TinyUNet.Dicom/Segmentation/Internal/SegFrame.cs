namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>One frame of a SEG: which segment and which source slice (index into CtSeries.Slices).</summary>
internal readonly record struct SegFrame(int SegmentNumber, int SliceIndex);
