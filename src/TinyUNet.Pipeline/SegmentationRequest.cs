namespace TinyUNet.Pipeline;

/// <summary>What to segment (folders and/or files holding one study's instances) and where the outputs go.</summary>
public sealed record SegmentationRequest(IReadOnlyList<string> Inputs, string OutputDirectory)
{
    /// <summary>
    /// When set, the SEG's series and instance UIDs are derived from this key and the chosen series' UID instead of
    /// being new: the same key (e.g. the model's sha256) on the same series yields the same SEG identity, so a repeated
    /// run does not add a second object to a PACS.
    /// </summary>
    public string? SegmentationUidKey { get; init; }

    /// <summary>
    /// The series already chosen from <see cref="Inputs"/> (<see cref="SeriesSegmentationPipeline.SelectAsync"/>), so a
    /// caller can look it up (is it done for these weights?) before paying for decoding and inference; null: the
    /// pipeline discovers and selects itself.
    /// </summary>
    public TinyUNet.Dicom.Reading.SeriesSelection? Selection { get; init; }
}
