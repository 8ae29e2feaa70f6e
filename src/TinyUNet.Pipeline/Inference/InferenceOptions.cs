namespace TinyUNet.Pipeline.Inference;

/// <summary>How the model runs: device (auto = CUDA when available), slices per forward pass, BatchNorm folding.</summary>
public sealed record InferenceOptions
{
    public string Device { get; init; } = "auto";
    public int BatchSize { get; init; } = 4;
    /// <summary>Fold BatchNorm into the convolutions (same outputs within 1e-5, fewer passes over memory).</summary>
    public bool FuseBatchNorm { get; init; } = true;
}
