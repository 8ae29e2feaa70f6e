using static TorchSharp.torch;

namespace TinyUNet.Model.Tests;

/// <summary>Runs a check under a given libtorch thread count (the kernels' sequential and parallel paths).</summary>
internal static class TorchThreads
{
    public static void With(int threads, Action check)
    {
        int before = get_num_threads();
        set_num_threads(threads);
        try { check(); }
        finally { set_num_threads(before); }
    }
}
