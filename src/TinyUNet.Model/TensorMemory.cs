using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>Where a CPU tensor's elements are, for the kernels that read and write them directly.</summary>
internal static class TensorMemory
{
    /// <summary>
    /// Runs <paramref name="plane"/> for 0 … <paramref name="planes"/> − 1: on libtorch's thread budget (one per
    /// inference lane, more for a single pass), in parallel only where that budget is over one thread.
    /// </summary>
    public static void ForEachPlane(long planes, Action<long> plane)
    {
        int threads = get_num_threads();
        if (threads > 1 && planes > 1)
            Parallel.For(0L, planes, new ParallelOptions { MaxDegreeOfParallelism = threads }, plane);
        else
            for (long index = 0; index < planes; index++) plane(index);
    }

    /// <summary>The address of the tensor's first element (its storage offset included: a view's own start).</summary>
    public static nint Data(Tensor tensor) => THSTensor_data(tensor.Handle);

    /// <summary>
    /// Whether <paramref name="plane"/> is float32 [N, C, H, W] on the CPU with contiguous rows: what the kernels read
    /// and write plane by plane (a channel range of a larger tensor qualifies).
    /// </summary>
    public static bool HasFloatRows(Tensor plane) =>
        plane.dim() == 4 && plane.dtype == ScalarType.Float32 && plane.device_type == TorchSharp.DeviceType.CPU
        && plane.stride(3) == 1 && plane.stride(2) == plane.shape[3];

    /// <summary>Where each plane (n, c) of a tensor like <see cref="HasFloatRows"/> starts, by its flat index n·C + c.</summary>
    public static Planes PlanesOf(Tensor tensor) => new(Data(tensor), tensor.shape[1], tensor.stride(0), tensor.stride(1));

    /// <summary>The first element's address and the strides of one tensor's planes (read once, not per plane).</summary>
    public readonly record struct Planes(nint Data, long Channels, long BatchStride, long ChannelStride)
    {
        public unsafe float* this[long index] =>
            (float*)Data + index / Channels * BatchStride + index % Channels * ChannelStride;
    }

    // TorchSharp's own native library; its managed API offers the address only through copying accessors.
    [DllImport("LibTorchSharp")]
    private static extern nint THSTensor_data(nint tensor);
}
