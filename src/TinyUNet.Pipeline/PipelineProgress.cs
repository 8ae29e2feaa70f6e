namespace TinyUNet.Pipeline;

/// <summary>Progress of one stage: <see cref="Done"/> of <see cref="Total"/> units (slices, or 1 for whole-volume steps).</summary>
public readonly record struct PipelineProgress(PipelineStage Stage, int Done, int Total);
