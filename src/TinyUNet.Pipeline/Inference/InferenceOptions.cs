namespace TinyUNet.Pipeline.Inference;

/// <summary>How the model runs: device (auto = CUDA when available), slices per forward pass, lanes, BatchNorm folding.</summary>
public sealed record InferenceOptions
{
    public string Device { get; init; } = "auto";
    public int BatchSize { get; init; } = 4;
    /// <summary>
    /// Forward passes that may run at once; 0 (default) picks one per core on the CPU (at most 4, the cores shared out),
    /// and 1 on a GPU. See <see cref="SegmentationModel.Lanes"/>.
    /// </summary>
    public int Lanes { get; init; }
    /// <summary>
    /// libtorch threads of each CPU lane; 0 (default) shares the cores out among the lanes. Set it when other processes
    /// share the cores (training runs two folds at once): libtorch's threads spin while they wait, so two processes that
    /// each take every core run far slower than two that take one each.
    /// </summary>
    public int ThreadsPerLane { get; init; }
    /// <summary>Prepare the network for inference (<c>TinyUNetNetwork.FuseForInference</c>: BatchNorm folded, the same sums rearranged; outputs within 1e-5).</summary>
    public bool FuseBatchNorm { get; init; } = true;
    /// <summary>
    /// Test-time flip averaging: the scores of each slice and of its mirror image (the training augmentation's flip,
    /// along the width) are averaged. Two forward passes per slice: twice the inference cost, for the gain
    /// cross-validation shows (models/README.md). Null (default) = what the bundle's manifest asks for
    /// (<c>inference.flipAveraging</c>); true or false overrides it.
    /// </summary>
    public bool? FlipAveraging { get; init; }
}
