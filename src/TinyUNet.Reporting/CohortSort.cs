namespace TinyUNet.Reporting;

/// <summary>Cohort order; ties are broken by StudyInstanceUID, so pages never overlap or skip a study.</summary>
public enum CohortSort
{
    /// <summary>Newest study date first, studies without a date last.</summary>
    StudyDate,
    /// <summary>Highest opacity percentage first, studies without lung last.</summary>
    Opacity,
    StudyInstanceUid,
}
