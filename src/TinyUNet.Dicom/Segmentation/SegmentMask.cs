namespace TinyUNet.Dicom.Segmentation;

/// <summary>A segment and its binary mask (0/1 per voxel) over the source series' grid. Segments may overlap.</summary>
public sealed record SegmentMask(SegmentDescription Segment, LabelVolume Mask);
