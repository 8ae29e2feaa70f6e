namespace TinyUNet.Dicom.Reading;

/// <summary>A candidate series that selection passed over, and why (UIDs only, no PHI).</summary>
public sealed record SkippedSeries(string SeriesInstanceUid, int InstanceCount, string Reason);
