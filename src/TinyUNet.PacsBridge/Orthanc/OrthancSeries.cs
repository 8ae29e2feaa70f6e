namespace TinyUNet.PacsBridge.Orthanc;

/// <summary>
/// The series attributes the filters need, from /studies/{id}/series, and how many instances Orthanc holds of it (for
/// <see cref="SeriesFingerprint"/>). Only these are read from Orthanc's answer: its patient tags are never deserialised,
/// so they cannot reach a log.
/// </summary>
internal sealed record OrthancSeries(string OrthancId, string? SeriesInstanceUid, string? Modality, string? BodyPartExamined,
    string? SeriesDescription, int InstanceCount = 0);
