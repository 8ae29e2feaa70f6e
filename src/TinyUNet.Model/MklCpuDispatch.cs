using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace TinyUNet.Model;

/// <summary>What <see cref="MklCpuDispatch.Apply"/> found and did.</summary>
public enum MklKernelChoice
{
    /// <summary>Not an x86-64 Linux process with libtorch's MKL: nothing to choose.</summary>
    NotApplicable,
    /// <summary>An Intel CPU: MKL already picks its kernels by the CPU's instructions.</summary>
    IntelCpu,
    /// <summary>Another vendor's CPU (AMD): MKL now picks its kernels by the CPU's instructions, as on Intel.</summary>
    ByInstructions,
    /// <summary>Another vendor's CPU, left on MKL's vendor-neutral kernels because the operator asked (<see cref="MklCpuDispatch.SwitchVariable"/>).</summary>
    SwitchedOff,
    /// <summary>Another vendor's CPU, left as it was because the change could not be made (see the log).</summary>
    Failed,
}

/// <summary>
/// libtorch's CPU build does its matrix products (every 1×1 convolution of TinyU-Net on one thread: 70 % of a forward
/// pass in the profile) with Intel MKL, statically linked. MKL picks its AVX-512 and AVX2 kernels only where
/// <c>mkl_serv_intel_cpu_true()</c> says the CPU is Intel's; on AMD it runs slower generic kernels, whatever the CPU
/// offers (MKL_ENABLE_INSTRUCTIONS, MKL_CBWR and MKL_DEBUG_CPU_TYPE change nothing in this MKL, 2024.0). Profiled on
/// the AVX-512 EPYC, one thread: the 32 → 64 convolution at 256² 11.6 → 5.7 ms, 256 → 512 at 32² 4.1 → 2.8 ms.
/// The function is exported, so its first bytes are replaced with "return 1" in this process's copy of the library
/// (private pages; the file is untouched), before the first matrix product. MKL then chooses by the CPU's instruction flags as it does on Intel: AVX-512 kernels on an AVX-512 EPYC,
/// AVX2 ones on an AVX2 EPYC. The results stay float32 and within rounding of the generic kernels (parity with the
/// official model is tested with the change in effect). Operators can keep MKL's own choice:
/// <c>TINYUNET_MKL_KERNELS=vendor</c>.
/// </summary>
public static class MklCpuDispatch
{
    public const string SwitchVariable = "TINYUNET_MKL_KERNELS";
    private const string Symbol = "mkl_serv_intel_cpu_true";
    private static readonly byte[] ReturnOne = [0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3]; // mov eax, 1; ret
    private static readonly Lock Gate = new();
    private static MklKernelChoice? choice;

    /// <summary>What was decided (null before <see cref="Apply"/>).</summary>
    public static MklKernelChoice? Choice => choice;

    /// <summary>Why the change could not be made, when <see cref="Choice"/> is <see cref="MklKernelChoice.Failed"/>.</summary>
    public static string? FailureReason { get; private set; }

    /// <summary>
    /// Decides once per process; later calls return the first decision. Call before the first tensor operation that
    /// multiplies matrices (MKL keeps the kernel it picked at its first call).
    /// </summary>
    public static MklKernelChoice Apply()
    {
        lock (Gate)
        {
            choice ??= Decide();
            return choice.Value;
        }
    }

    private static MklKernelChoice Decide()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || !X86Base.IsSupported)
            return MklKernelChoice.NotApplicable;
        if (CpuVendor() == "GenuineIntel") return MklKernelChoice.IntelCpu;
        if (string.Equals(Environment.GetEnvironmentVariable(SwitchVariable)?.Trim(), "vendor", StringComparison.OrdinalIgnoreCase))
            return MklKernelChoice.SwitchedOff;
        try
        {
            if (!NativeLibrary.TryLoad("libtorch_cpu.so", out IntPtr library)
                || !NativeLibrary.TryGetExport(library, Symbol, out IntPtr function))
                return MklKernelChoice.NotApplicable; // a libtorch without MKL (or none): nothing to choose
            var isIntel = Marshal.GetDelegateForFunctionPointer<IntReturning>(function);
            if (isIntel() != 0) return MklKernelChoice.IntelCpu;
            if (!Overwrite(function, ReturnOne)) return Fail("the library's code pages could not be made writable (mprotect)");
            return isIntel() == 1 ? MklKernelChoice.ByInstructions : Fail($"{Symbol} still returns 0 after the change");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            return Fail(e.Message);
        }
    }

    private static MklKernelChoice Fail(string reason)
    {
        FailureReason = reason;
        return MklKernelChoice.Failed;
    }

    private static string CpuVendor()
    {
        (_, int ebx, int ecx, int edx) = X86Base.CpuId(0, 0);
        var bytes = new byte[12];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), ebx);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), edx);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), ecx);
        return Encoding.ASCII.GetString(bytes);
    }

    /// <summary>Writes <paramref name="code"/> over the function's first bytes, then makes its pages read-and-execute again.</summary>
    private static bool Overwrite(IntPtr function, byte[] code)
    {
        long pageSize = Environment.SystemPageSize;
        long start = function.ToInt64() & ~(pageSize - 1);
        long length = function.ToInt64() + code.Length - start;
        if (mprotect(new IntPtr(start), (nuint)length, ProtRead | ProtWrite | ProtExec) != 0) return false;
        Marshal.Copy(code, 0, function, code.Length);
        return mprotect(new IntPtr(start), (nuint)length, ProtRead | ProtExec) == 0;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int IntReturning();

    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4;

    [DllImport("libc", SetLastError = true)]
    private static extern int mprotect(IntPtr address, nuint length, int protection);
}
