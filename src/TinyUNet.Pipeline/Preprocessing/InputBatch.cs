using static TorchSharp.torch;

namespace TinyUNet.Pipeline.Preprocessing;

/// <summary>
/// Model input for slices FirstSlice .. FirstSlice + SliceCount − 1 of a series: [SliceCount, C, H, W] float32 on
/// the preprocessor's device. Owned by the dispose scope that produced it; valid until the next batch is requested.
/// </summary>
public sealed record InputBatch(Tensor Input, int FirstSlice, int SliceCount);
