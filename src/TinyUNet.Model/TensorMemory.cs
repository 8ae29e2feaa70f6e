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

    // TorchSharp's own native library; its managed API offers the address only through copying accessors.
    [DllImport("LibTorchSharp")]
    private static extern nint THSTensor_data(nint tensor);
}
