namespace TinyUNet.Dicom.Reading;

/// <summary>Which series of a study may be segmented, and which of several suitable ones wins.</summary>
public sealed record SeriesSelectionRules
{
    /// <summary>Required Modality (0008,0060).</summary>
    public string Modality { get; init; } = "CT";

    /// <summary>Only single-frame CT Image Storage (and its file-meta fallback) is read; other classes are skipped.</summary>
    public IReadOnlyList<string> SopClassUids { get; init; } = ["1.2.840.10008.5.1.4.1.1.2"];

    /// <summary>Rank ORIGINAL\PRIMARY series above derived/secondary ones (reformats, MIPs).</summary>
    public bool PreferOriginalPrimary { get; init; } = true;

    /// <summary>Skip series that are not ORIGINAL\PRIMARY at all.</summary>
    public bool RequireOriginalPrimary { get; init; }

    /// <summary>Largest angle (degrees) between the slice normal and the patient's head–feet axis.</summary>
    public double MaxAxialTiltDegrees { get; init; } = 10;

    /// <summary>Fewer slices than this cannot be a useful chest volume (scouts, single key images).</summary>
    public int MinSliceCount { get; init; } = 10;

    /// <summary>ImageType values that mark images not meant as a volume.</summary>
    public IReadOnlyList<string> ExcludedImageTypes { get; init; } = ["LOCALIZER", "SCOUT"];
}
