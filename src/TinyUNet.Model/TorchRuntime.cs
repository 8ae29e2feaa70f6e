using System.Runtime.InteropServices;

namespace TinyUNet.Model;

/// <summary>Process-wide libtorch settings TorchSharp does not expose.</summary>
public static class TorchRuntime
{
    private const string TorchCpu = "libtorch_cpu.so";

    /// <summary>
    /// Turns off libtorch's NNPACK convolution path. On CPUs NNPACK does not support (these AMD EPYC hosts among them)
    /// every convolution tries to initialise it, fails and logs "Could not initialize NNPACK!" to stderr — thousands
    /// of lines per study — before falling back to the path it would take anyway, so outputs are unchanged.
    /// TorchSharp has no binding for at::Context::setUserEnabledNNPACK, so it is called by its C++ symbol; where the
    /// symbol is missing (another libtorch build) nothing happens. Returns whether NNPACK is now off.
    /// </summary>
    public static bool DisableNnpack()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            _ = TorchSharp.torch.get_num_threads(); // makes TorchSharp load libtorch (with its own search rules) first
            IntPtr context = GlobalContext();
            if (context == IntPtr.Zero) return false;
            SetUserEnabledNnpack(context, false);
            return !UserEnabledNnpack(context);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            return false; // no libtorch at all is reported by the first real use, with its own message
        }
    }

    [DllImport(TorchCpu, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport(TorchCpu, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(TorchCpu, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledNnpack(IntPtr context);
}
