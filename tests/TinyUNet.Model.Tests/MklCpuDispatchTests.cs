using System.Runtime.InteropServices;

namespace TinyUNet.Model.Tests;

public sealed class MklCpuDispatchTests
{
    [Fact]
    public void Apply_OnThisMachine_LeavesMklChoosingByInstructions()
    {
        using var network = new TinyUNetNetwork(3, 4); // the first network decides, as in every host

        MklKernelChoice choice = MklCpuDispatch.Apply();

        Assert.True(choice is MklKernelChoice.ByInstructions or MklKernelChoice.IntelCpu,
            $"{choice}: {MklCpuDispatch.FailureReason}");
        Assert.Equal(choice, MklCpuDispatch.Choice);
        // What MKL itself now answers when it picks its kernels.
        Assert.True(NativeLibrary.TryGetExport(NativeLibrary.Load("libtorch_cpu.so"), "mkl_serv_intel_cpu_true", out IntPtr function));
        Assert.Equal(1, Marshal.GetDelegateForFunctionPointer<IntReturning>(function)());
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int IntReturning();
}
