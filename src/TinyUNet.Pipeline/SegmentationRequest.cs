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
}
