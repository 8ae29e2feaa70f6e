namespace TinyUNet.Storage;

/// <summary>
/// Which studies the nightly reprocessing picks. Without <see cref="Failed"/>: studies by their latest successful run,
/// those whose model weights differ from <see cref="CurrentModelSha256"/> (null: any model). With <see cref="Failed"/>:
/// studies whose latest run of any kind failed (transient only, unless <see cref="IncludePermanent"/>). Dates narrow
/// either by the study's DICOM StudyDate, or the run's start date where the study has none (inclusive, UTC).
/// </summary>
public sealed record ReprocessCriteria
{
    public string? CurrentModelSha256 { get; init; }
    public DateOnly? Since { get; init; }
    public DateOnly? Until { get; init; }
    public bool Failed { get; init; }
    public bool IncludePermanent { get; init; }
    /// <summary>At most this many studies (oldest date first); null: all.</summary>
    public int? Limit { get; init; }
}
