namespace TinyUNet.Dicom.Segmentation;

/// <summary>
/// Who made a SEG and how: written into General/Enhanced General Equipment, Contributing Equipment, the Segment
/// Sequence's algorithm identification and the Content Identification. <see cref="AlgorithmVersion"/> is the model's
/// sha256 (64 hex characters fit the LO limit exactly), so a SEG names the exact weights that produced it.
/// Plain settable-at-init properties so the fixed parts can be bound from configuration; <see cref="Validate"/>
/// (called by the writer) rejects a missing algorithm name, version or software version.
/// </summary>
public sealed class SegmentationWriterOptions
{
    public const string DefaultSeriesDescription = "AI-generated segmentation - NOT FOR CLINICAL USE";

    public string AlgorithmName { get; init; } = "";
    public string AlgorithmVersion { get; init; } = "";
    public string Manufacturer { get; init; } = "TinyUNet.Worker";
    public string ManufacturerModelName { get; init; } = "TinyU-Net COVID-19 CT segmentation";
    public string DeviceSerialNumber { get; init; } = "0";
    public string SoftwareVersion { get; init; } = "";
    public int SeriesNumber { get; init; } = 900;
    /// <summary>Must say the series is AI-generated and not for clinical use (checked by <see cref="Validate"/>).</summary>
    public string SeriesDescription { get; init; } = DefaultSeriesDescription;
    /// <summary>Content Label, a CS: upper case, digits, space and underscore, at most 16 characters.</summary>
    public string ContentLabel { get; init; } = "TINYUNET_SEG";
    public string ContentDescription { get; init; } = "COVID-19 pneumonia: lungs, GGO, consolidation (AI)";
    public string ContentCreatorName { get; init; } = "";
    /// <summary>
    /// Fixed UIDs for the SEG's series and instance (both or neither); new random ones when null. Fixed UIDs make a
    /// re-run of the same work produce the same object, so a PACS stores it once.
    /// </summary>
    public string? SeriesInstanceUid { get; init; }
    public string? SopInstanceUid { get; init; }
    /// <summary>Optional free text recorded as AlgorithmParameters (e.g. intensity window, post-processing).</summary>
    public string? AlgorithmParameters { get; init; }

    public void Validate()
    {
        static void Require(bool ok, string name, string why)
        {
            if (!ok) throw new ArgumentException(why, name);
        }

        Require(!string.IsNullOrWhiteSpace(AlgorithmName) && AlgorithmName.Length <= 64, nameof(AlgorithmName), "1–64 characters.");
        Require(!string.IsNullOrWhiteSpace(AlgorithmVersion) && AlgorithmVersion.Length <= 64, nameof(AlgorithmVersion), "1–64 characters.");
        Require(!string.IsNullOrWhiteSpace(SoftwareVersion) && SoftwareVersion.Length <= 64, nameof(SoftwareVersion), "1–64 characters.");
        Require(!string.IsNullOrWhiteSpace(Manufacturer) && Manufacturer.Length <= 64, nameof(Manufacturer), "1–64 characters.");
        Require(!string.IsNullOrWhiteSpace(ManufacturerModelName) && ManufacturerModelName.Length <= 64, nameof(ManufacturerModelName), "1–64 characters.");
        Require(!string.IsNullOrWhiteSpace(DeviceSerialNumber) && DeviceSerialNumber.Length <= 64, nameof(DeviceSerialNumber), "1–64 characters.");
        Require(SeriesNumber is >= 0 and <= 99999, nameof(SeriesNumber), "0–99999.");
        Require(SeriesDescription.Length <= 64 && SeriesDescription.Contains("AI", StringComparison.Ordinal)
            && SeriesDescription.Contains("NOT FOR CLINICAL USE", StringComparison.OrdinalIgnoreCase),
            nameof(SeriesDescription), "At most 64 characters, saying AI-generated and NOT FOR CLINICAL USE.");
        Require(ContentLabel.Length is >= 1 and <= 16 && ContentLabel.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ' ' or '_'),
            nameof(ContentLabel), "A CS: 1–16 of A–Z, 0–9, space, underscore.");
        Require((SeriesInstanceUid is null) == (SopInstanceUid is null), nameof(SopInstanceUid), "Set both fixed UIDs or neither.");
        Require(ContentDescription.Length <= 64, nameof(ContentDescription), "At most 64 characters.");
    }
}
