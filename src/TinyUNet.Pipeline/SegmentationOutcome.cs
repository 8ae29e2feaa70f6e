using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Pipeline.Volumetrics;

namespace TinyUNet.Pipeline;

/// <summary>
/// The result of one series: where the SEG and the volumetrics JSON were written, which series was chosen (and
/// why others were not), the volumetrics, and the wall time of each stage in milliseconds.
/// </summary>
public sealed record SegmentationOutcome(
    SeriesSelection Selection,
    SegmentationWriteResult Segmentation,
    string VolumetricsPath,
    VolumetricsReport Volumetrics,
    IReadOnlyDictionary<PipelineStage, double> StageMilliseconds);
