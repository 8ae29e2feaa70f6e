namespace TinyUNet.Pipeline;

/// <summary>The stages of one series' segmentation, in order; used for progress and timings.</summary>
public enum PipelineStage
{
    Discover,
    Decode,
    Inference,
    Postprocess,
    Volumetrics,
    WriteSegmentation,
    WriteVolumetrics,
    /// <summary>The study picture (PNG) beside the SEG.</summary>
    WriteMontage,
}
