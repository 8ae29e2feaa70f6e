using static TorchSharp.torch;

namespace TinyUNet.Model.Tests;

/// <summary>What the CPU kernels' tests share: their sequential and parallel paths, and closeness to libtorch's operator.</summary>
internal static class KernelChecks
{
    /// <summary>Runs <paramref name="check"/> under one and then two libtorch threads, telling it which.</summary>
    public static void OnOneAndTwoThreads(Action<int> check)
    {
        foreach (int threads in new[] { 1, 2 }) WithThreads(threads, () => check(threads));
    }

    /// <summary>Runs <paramref name="check"/> under a given libtorch thread count, restoring the count after.</summary>
    public static T WithThreads<T>(int threads, Func<T> check)
    {
        int before = get_num_threads();
        set_num_threads(threads);
        try { return check(); }
        finally { set_num_threads(before); }
    }

    public static void WithThreads(int threads, Action check) => WithThreads(threads, () => { check(); return 0; });

    /// <summary>The same shape, and every element within <paramref name="tolerance"/> of the reference.</summary>
    public static void AssertClose(Tensor actual, Tensor expected, double tolerance, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double maxDiff = (actual - expected).abs().max().to_type(ScalarType.Float64).item<double>();
        Assert.True(maxDiff < tolerance, $"{what}: max difference {maxDiff}");
    }
}
