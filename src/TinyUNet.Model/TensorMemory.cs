using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>Where a CPU tensor's elements are, for the kernels that read and write them directly.</summary>
internal static class TensorMemory
{
    /// <summary>The address of the tensor's first element (its storage offset included: a view's own start).</summary>
    public static nint Data(Tensor tensor) => THSTensor_data(tensor.Handle);

    // TorchSharp's own native library; its managed API offers the address only through copying accessors.
    [DllImport("LibTorchSharp")]
    private static extern nint THSTensor_data(nint tensor);
}
