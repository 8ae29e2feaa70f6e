using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Pipeline.Volumetrics;

namespace TinyUNet.Pipeline;

/// <summary>
/// The result of one series: where the SEG, the volumetrics JSON and the study picture were written, which series was chosen (and
/// why others were not), the volumetrics, and the wall time of each stage in milliseconds.
/// </summary>
public sealed record SegmentationOutcome(
    SeriesSelection Selection,
    SegmentationWriteResult Segmentation,
    string VolumetricsPath,
    VolumetricsReport Volumetrics,
    IReadOnlyDictionary<PipelineStage, double> StageMilliseconds)
{
    /// <summary>The study picture, &lt;out&gt;/&lt;SeriesInstanceUID&gt;.montage.png; null when it could not be drawn.</summary>
    public string? MontagePath { get; init; }

    /// <summary>Why the picture is missing (exception type and message); the SEG and volumetrics stand regardless.</summary>
    public string? MontageError { get; init; }

    /// <summary>
    /// When each stage began, in milliseconds after the run began. Stages overlap (decoding runs beside inference, the
    /// SEG beside the report's files), so their durations do not add up to the run's time and starts cannot be summed.
    /// </summary>
    public IReadOnlyDictionary<PipelineStage, double> StageStartMilliseconds { get; init; } = new Dictionary<PipelineStage, double>();

    /// <summary>Slices of the chosen series that could not be decoded and were left out (the series went on without them).</summary>
    public IReadOnlyList<SkippedFile> RefusedSlices { get; init; } = [];
}
