namespace TinyUNet.Training.Data;

/// <summary>
/// Where a labelled set is and how its raw label values become model classes. <see cref="ClassMap"/> maps each raw
/// value (as a string, JSON keys) to a class name of the model; a value not in it is an error, never silently dropped.
/// </summary>
public sealed record DatasetSpec
{
    public DatasetFormat Format { get; init; } = DatasetFormat.ImageFolder;
    public required string Path { get; init; }
    public IReadOnlyDictionary<string, string> ClassMap { get; init; } = new Dictionary<string, string>
    {
        ["0"] = "background",
        ["1"] = "ggo",
        ["2"] = "consolidation",
    };
    public LungFieldMode LungField { get; init; } = LungFieldMode.Derive;
    /// <summary>The class name the derived lung field gets.</summary>
    public string LungClass { get; init; } = "lung";
    /// <summary>
    /// Image folders only: masks are anti-aliased binary pictures; a raw value above this becomes 1, the rest 0,
    /// before the class map (the COVID-SemiSeg pseudo-labels: > 127 = infection).
    /// </summary>
    public int? MaskThreshold { get; init; }
    /// <summary>
    /// Image folders only: samples whose name starts with one of these are turned 180° on load, image and mask, to
    /// bring a source exported the other way round into the set's orientation (COVID-SemiSeg's coronacases volumes).
    /// </summary>
    public IReadOnlyList<string> Rotate180Prefixes { get; init; } = [];
    /// <summary>
    /// Image folders only: samples whose name starts with a window's prefix were exported through that HU window, not
    /// the model's (COVID-SemiSeg's coronacases volumes: about −1000…1700 HU, so soft tissue is mid-gray and the body
    /// framing's threshold misses it). Their gray values go back to HU by it and into the model's window.
    /// </summary>
    public IReadOnlyList<ExportWindow> ExportWindows { get; init; } = [];
    /// <summary>NIfTI only: keep slices with no foreground label (false skips them: most slices of a volume are empty).</summary>
    public bool IncludeEmptySlices { get; init; }
}

/// <summary>The HU window (centre, width) that samples named <see cref="Prefix"/>… were exported with, 0 = bottom, 255 = top.</summary>
public sealed record ExportWindow(string Prefix, double Center, double Width);
