namespace TinyUNet.Dicom.Segmentation;

/// <summary>Why a SEG could not be turned into masks over a given source series.</summary>
public enum SegmentationReadError
{
    /// <summary>The file could not be parsed, or a mandatory attribute is missing or malformed.</summary>
    Malformed,
    /// <summary>The file is not a Segmentation (or Label Map Segmentation) Storage instance.</summary>
    NotASegmentation,
    /// <summary>A segmentation type or pixel encoding we do not read (e.g. compressed pixel data).</summary>
    Unsupported,
    /// <summary>The SEG's Frame of Reference differs from the source series'.</summary>
    FrameOfReferenceMismatch,
    /// <summary>Rows/Columns or plane orientation differ from the source series.</summary>
    GeometryMismatch,
    /// <summary>A frame matches no source slice, neither by referenced SOP Instance UID nor by plane position.</summary>
    FrameNotInSource,
}
