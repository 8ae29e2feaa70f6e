namespace TinyUNet.Training.Data;

/// <summary>A dataset problem that retrying cannot fix; <see cref="Kind"/> says which, the message names the file.</summary>
public sealed class DatasetException(DatasetErrorKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public DatasetErrorKind Kind { get; } = kind;
}
