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

    public SeriesSelectionRules Selection { get; init; } = new();

    public SeriesGeometryRules Geometry { get; init; } = new();

    internal int EffectiveParallelism => MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Environment.ProcessorCount;
}
