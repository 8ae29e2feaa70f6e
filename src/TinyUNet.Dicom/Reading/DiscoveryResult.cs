namespace TinyUNet.Dicom.Reading;

/// <summary>What discovery found: readable instances (in path order) and the files it passed over, with why.</summary>
public sealed record DiscoveryResult(IReadOnlyList<DicomInstance> Instances, IReadOnlyList<SkippedFile> Skipped);
