namespace TinyUNet.Dicom.Reading;

/// <summary>A skipped file in serialisable form (path and reason; the exception stays out of JSON).</summary>
public sealed record SkippedFileReport(string FilePath, string Reason, string ErrorType);
