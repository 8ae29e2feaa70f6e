namespace TinyUNet.Pipeline.Inference;

/// <summary>How the model runs: device (auto = CUDA when available), slices per forward pass, BatchNorm folding.</summary>
public sealed record InferenceOptions
{
    public string Device { get; init; } = "auto";
    public int BatchSize { get; init; } = 4;
    /// <summary>Prepare the network for inference (<c>TinyUNetNetwork.FuseForInference</c>: BatchNorm folded, the same sums rearranged; outputs within 1e-5).</summary>
    public bool FuseBatchNorm { get; init; } = true;
}
