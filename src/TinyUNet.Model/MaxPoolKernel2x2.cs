using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>
/// 2×2 max-pooling, stride 2, of float32 CPU planes in one pass: each output row is the maximum of two input rows,
/// sixteen columns at a time, then of each pair of neighbours (two in-lane shuffles and a lane permutation, AVX2).
/// libtorch's max_pool2d also records indices in a scalar loop, and the two element-wise maxima this replaces
/// (<see cref="UNetEncoder"/>) pass over the input and then over a half-size copy of it. Max is exact: the same values.
/// </summary>
public static unsafe class MaxPoolKernel2x2
{
    /// <summary>Float32 CPU planes with contiguous rows, even height and width (the network's sizes are multiples of 16).</summary>
    public static bool Supports(Tensor plane) =>
        Avx2.IsSupported && TensorMemory.HasFloatRows(plane) && plane.shape[2] % 2 == 0 && plane.shape[3] % 2 == 0;

    /// <summary>The pooled [N, C, H/2, W/2] tensor of <paramref name="input"/> ([N, C, H, W], see <see cref="Supports"/>).</summary>
    public static Tensor Run(Tensor input)
    {
        if (!Supports(input)) throw new ArgumentException("Needs float32 CPU planes with contiguous rows and even sides (and AVX2).");
        long batch = input.shape[0], channels = input.shape[1];
        int height = (int)input.shape[2], width = (int)input.shape[3];
        Tensor output = empty([batch, channels, height / 2, width / 2], dtype: input.dtype, device: input.device);
        TensorMemory.Planes inputs = TensorMemory.PlanesOf(input), outputs = TensorMemory.PlanesOf(output);
        void Plane(long index) => PoolPlane(inputs[index], outputs[index], height, width);

        TensorMemory.ForEachPlane(batch * channels, Plane);
        GC.KeepAlive(input);
        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PoolPlane(float* x, float* y, int height, int width)
    {
        int half = width / 2;
        for (int i = 0; i < height / 2; i++)
        {
            float* top = x + (long)(2 * i) * width, bottom = top + width, output = y + (long)i * half;
            int j = 0; // input column
            for (; j + 16 <= width; j += 16)
            {
                Vector256<float> low = Avx.Max(Avx.LoadVector256(top + j), Avx.LoadVector256(bottom + j));
                Vector256<float> high = Avx.Max(Avx.LoadVector256(top + j + 8), Avx.LoadVector256(bottom + j + 8));
                // Per 128-bit lane: even elements of low and high, odd elements of low and high.
                Vector256<float> pairs = Avx.Max(Avx.Shuffle(low, high, 0b10_00_10_00), Avx.Shuffle(low, high, 0b11_01_11_01));
                // [l0 l1 h0 h1 | l2 l3 h2 h3] (as 64-bit pairs) into [l0 l1 l2 l3 h0 h1 h2 h3].
                Avx2.Permute4x64(pairs.AsDouble(), 0b11_01_10_00).AsSingle().Store(output + j / 2);
            }
            for (; j < width; j += 2)
                output[j / 2] = MathF.Max(MathF.Max(top[j], top[j + 1]), MathF.Max(bottom[j], bottom[j + 1]));
        }
    }
}
