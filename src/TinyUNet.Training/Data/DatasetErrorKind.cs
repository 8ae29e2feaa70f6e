namespace TinyUNet.Training.Data;

/// <summary>Why a dataset or one of its samples cannot be used.</summary>
public enum DatasetErrorKind
{
    NotFound,
    Empty,
    MissingMask,
    UnreadableImage,
    UnreadableMask,
    MaskSizeMismatch,
    UnknownClassValue,
    InvalidConfiguration,
}
