namespace TinyUNet.Dicom.Segmentation;

/// <summary>A SEG that cannot be read against a source series; <see cref="Error"/> says why (a permanent failure).</summary>
public sealed class SegmentationReadException(SegmentationReadError error, string message) : Exception(message)
{
    public SegmentationReadError Error { get; } = error;
}
