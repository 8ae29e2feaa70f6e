namespace TinyUNet.Pipeline;

/// <summary>What to segment (folders and/or files holding one study's instances) and where the outputs go.</summary>
public sealed record SegmentationRequest(IReadOnlyList<string> Inputs, string OutputDirectory);
