using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>
/// <see cref="BicubicByTwo"/>'s four-tap filters for float32 CPU planes in two passes instead of about twenty: each row
/// filtered along the columns into a scratch plane (even and odd outputs interleaved in registers), then each pair of
/// output rows from four scratch rows. Inference only (no gradient). The same sums, as fused multiply-adds.
/// </summary>
public static unsafe class BicubicKernelByTwo
{
    private const int Lanes = 8;
    private static readonly float Near = (float)BicubicByTwo.NearWeight, Mid = (float)BicubicByTwo.MidWeight,
        Far = (float)BicubicByTwo.FarWeight, Farthest = (float)BicubicByTwo.FarthestWeight;

    /// <summary>Float32 CPU planes with contiguous rows, on an AVX CPU.</summary>
    public static bool Supports(Tensor plane) =>
        Avx.IsSupported && TensorMemory.HasFloatRows(plane);

    /// <summary>[N, C, H, W] → [N, C, 2H, 2W], see <see cref="Supports"/>.</summary>
    public static Tensor Run(Tensor input)
    {
        if (!Supports(input)) throw new ArgumentException("Needs float32 CPU planes with contiguous rows (and AVX).");
        long batch = input.shape[0], channels = input.shape[1];
        int height = (int)input.shape[2], width = (int)input.shape[3];
        Tensor output = empty([batch, channels, 2 * height, 2 * width], dtype: input.dtype, device: input.device);
        TensorMemory.Planes inputs = TensorMemory.PlanesOf(input), outputs = TensorMemory.PlanesOf(output);

        void Plane(long index)
        {
            float[] scratch = ArrayPool<float>.Shared.Rent(2 * height * width);
            fixed (float* rows = scratch)
                UpsamplePlane(inputs[index], rows, outputs[index], height, width);
            ArrayPool<float>.Shared.Return(scratch);
        }

        TensorMemory.ForEachPlane(batch * channels, Plane);
        GC.KeepAlive(input);
        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpsamplePlane(float* x, float* scratch, float* y, int height, int width)
    {
        int wide = 2 * width;
        for (int i = 0; i < height; i++) AlongRow(x + (long)i * width, scratch + (long)i * wide, width);
        for (int i = 0; i < height; i++)
        {
            float* Row(int r) => scratch + (long)Math.Clamp(r, 0, height - 1) * wide;
            Taps(Row(i - 2), Row(i - 1), Row(i), Row(i + 1), Farthest, Mid, Near, Far, y + (long)(2 * i) * wide, wide);
            Taps(Row(i - 1), Row(i), Row(i + 1), Row(i + 2), Far, Near, Mid, Farthest, y + (long)(2 * i + 1) * wide, wide);
        }
    }

    /// <summary>One row along its columns: output 2j from inputs j − 2 … j + 1, 2j + 1 from j − 1 … j + 2 (clamped).</summary>
    private static void AlongRow(float* x, float* t, int width)
    {
        var fst = Vector256.Create(Farthest); var mid = Vector256.Create(Mid);
        var near = Vector256.Create(Near); var far = Vector256.Create(Far);
        int j = 0;
        for (; j < Math.Min(2, width); j++) AlongRowScalar(x, t, width, j);
        for (; j + Lanes + 2 <= width; j += Lanes) // every tap j − 2 … j + 9 inside the row
        {
            Vector256<float> left2 = Vector256.Load(x + j - 2), left1 = Vector256.Load(x + j - 1), centre = Vector256.Load(x + j);
            Vector256<float> right1 = Vector256.Load(x + j + 1), right2 = Vector256.Load(x + j + 2);
            Vector256<float> even = Vector256.FusedMultiplyAdd(right1, far,
                Vector256.FusedMultiplyAdd(centre, near, Vector256.FusedMultiplyAdd(left1, mid, left2 * fst)));
            Vector256<float> odd = Vector256.FusedMultiplyAdd(right2, fst,
                Vector256.FusedMultiplyAdd(right1, mid, Vector256.FusedMultiplyAdd(centre, near, left1 * far)));
            // [e0 o0 e1 o1 | e4 o4 e5 o5] and [e2 o2 e3 o3 | e6 o6 e7 o7] into e0 o0 … e7 o7.
            Vector256<float> low = Avx.UnpackLow(even, odd), high = Avx.UnpackHigh(even, odd);
            Avx.Permute2x128(low, high, 0x20).Store(t + 2 * j);
            Avx.Permute2x128(low, high, 0x31).Store(t + 2 * j + Lanes);
        }
        for (; j < width; j++) AlongRowScalar(x, t, width, j);
    }

    private static void AlongRowScalar(float* x, float* t, int width, int j)
    {
        float At(int c) => x[Math.Clamp(c, 0, width - 1)];
        t[2 * j] = MathF.FusedMultiplyAdd(At(j + 1), Far, MathF.FusedMultiplyAdd(At(j), Near, MathF.FusedMultiplyAdd(At(j - 1), Mid, At(j - 2) * Farthest)));
        t[2 * j + 1] = MathF.FusedMultiplyAdd(At(j + 2), Farthest, MathF.FusedMultiplyAdd(At(j + 1), Mid, MathF.FusedMultiplyAdd(At(j), Near, At(j - 1) * Far)));
    }

    /// <summary>output = a·wa + b·wb + c·wc + d·wd over a row of <paramref name="length"/>.</summary>
    private static void Taps(float* a, float* b, float* c, float* d, float wa, float wb, float wc, float wd, float* output, int length)
    {
        Vector256<float> va = Vector256.Create(wa), vb = Vector256.Create(wb), vc = Vector256.Create(wc), vd = Vector256.Create(wd);
        int k = 0;
        for (; k + Lanes <= length; k += Lanes)
            Vector256.FusedMultiplyAdd(Vector256.Load(d + k), vd, Vector256.FusedMultiplyAdd(Vector256.Load(c + k), vc,
                Vector256.FusedMultiplyAdd(Vector256.Load(b + k), vb, Vector256.Load(a + k) * va))).Store(output + k);
        for (; k < length; k++)
            output[k] = MathF.FusedMultiplyAdd(d[k], wd, MathF.FusedMultiplyAdd(c[k], wc, MathF.FusedMultiplyAdd(b[k], wb, a[k] * wa)));
    }
}
