namespace TinyUNet.Dicom.Reading;

/// <summary>
/// Settings of the CT reading stage, bound from configuration (section "DicomReading"). Parallelism applies to
/// header discovery and pixel decoding alike: GDCM decodes one file per thread.
/// </summary>
public sealed record DicomReadingOptions
{
    public const string SectionName = "DicomReading";

    /// <summary>Threads for header reads and decoding; 0 or less means all processors.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// Run GDCM (header reads and pixel decoding) in child processes, the default, so that a file on which GDCM
    /// aborts fails that file, not this process. Off only where the files are trusted and speed matters more.
    /// </summary>
    public bool IsolateGdcm { get; init; } = true;

    /// <summary>Longest one file's header read or decoding may take before the file is refused (isolated only).</summary>
    public double DecodeTimeoutSeconds { get; init; } = 60;

    public SeriesSelectionRules Selection { get; init; } = new();

    public SeriesGeometryRules Geometry { get; init; } = new();

    /// <summary>Fails fast at start-up with every problem at once, instead of odd selections at run time.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Selection.Modality)) problems.Add("Selection.Modality is empty");
        if (Selection.SopClassUids.Count == 0) problems.Add("Selection.SopClassUids is empty");
        if (!(DecodeTimeoutSeconds > 0)) problems.Add("DecodeTimeoutSeconds must be positive");
        if (Selection.MinSliceCount < 1) problems.Add("Selection.MinSliceCount must be at least 1");
        if (Selection.MaxAxialTiltDegrees is < 0 or > 90) problems.Add("Selection.MaxAxialTiltDegrees must be 0…90");
        if (Geometry.DuplicatePositionToleranceMm <= 0) problems.Add("Geometry.DuplicatePositionToleranceMm must be positive");
        if (Geometry.SpacingRelativeTolerance is <= 0 or >= 0.5) problems.Add("Geometry.SpacingRelativeTolerance must be in (0, 0.5)");
        if (Geometry.SpacingWarningMm < 0) problems.Add("Geometry.SpacingWarningMm must not be negative");
        if (Geometry.MaxStackAngleDegrees is < 0 or > 90) problems.Add("Geometry.MaxStackAngleDegrees must be 0…90");
        if (Geometry.OrientationTolerance <= 0) problems.Add("Geometry.OrientationTolerance must be positive");
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid {SectionName} options: {string.Join("; ", problems)}.");
    }

    internal int EffectiveParallelism => MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Environment.ProcessorCount;

    /// <summary>One file's header the way these options say: in a decoder child, or in this process.</summary>
    internal DicomInstance ReadHeader(string path) => IsolateGdcm
        ? IsolatedGdcm.Shared.ReadHeader(path, TimeSpan.FromSeconds(DecodeTimeoutSeconds))
        : GdcmHeaderReader.Read(path);

    /// <summary>One slice to HU the way these options say: in a decoder child, or in this process.</summary>
    internal short[] DecodeHu(CtSlice slice, int rows, int columns) => IsolateGdcm
        ? IsolatedGdcm.Shared.DecodeHu(slice, rows, columns, TimeSpan.FromSeconds(DecodeTimeoutSeconds))
        : GdcmSliceDecoder.DecodeHu(slice, rows, columns);
}
