using TinyUNet.Storage;

namespace TinyUNet.Reporting;

/// <summary>
/// Everything about one study: its latest successful run (<see cref="Latest"/>, null when no run succeeded yet) with
/// that run's volumetrics per side and class, and its latest run of any status.
/// </summary>
public sealed record StudyReport(
    string StudyInstanceUid,
    StudyReportRow? Latest,
    IReadOnlyList<VolumetricsRow> Volumetrics,
    StudyLatestRunRow LatestRun);
