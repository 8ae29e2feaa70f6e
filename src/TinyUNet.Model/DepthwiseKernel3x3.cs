using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace TinyUNet.Model;

/// <summary>
/// A depthwise 3×3 convolution (stride 1, zero padding 1) of float32 CPU planes in one pass: each output row is the
/// nine taps of three input rows, eight columns at a time, written where the caller says (a CMRF writes its cascade
/// straight into the block of channels pwconv2 reads, so nothing is concatenated). libtorch offers no such kernel for
/// NCHW planes with 4 channels a group: oneDNN pads and reorders them into 16-channel blocks, and the nine shifted
/// multiply-adds of <see cref="ShiftedDepthwiseConvolution"/> pass over the plane nine times. Sums are taken in the
/// convolution's tap order with fused multiply-adds: results differ from conv2d by float rounding only.
/// </summary>
public static unsafe class DepthwiseKernel3x3
{
    private const int Lanes = 8; // Vector256<float>: AVX2 and AVX-512 machines alike

    /// <summary>
    /// Whether <paramref name="plane"/> ([N, C, H, W]) can be read or written by the kernel: float32 on the CPU, rows
    /// contiguous, wider than one vector and its two neighbouring columns (narrower planes are left to oneDNN).
    /// </summary>
    public static bool Supports(Tensor plane) => TensorMemory.HasFloatRows(plane) && plane.shape[3] > Lanes + 1;

    /// <summary>
    /// <paramref name="output"/>[n, c] = bias[c] + the 3×3 window of <paramref name="weight"/>[c, 0] over
    /// <paramref name="input"/>[n, c], taps outside the plane contributing nothing. <paramref name="output"/> has the
    /// input's shape and may be a view (a channel range of a larger tensor); it must not overlap the input.
    /// </summary>
    public static void Run(Tensor input, Tensor weight, Tensor? bias, Tensor output)
    {
        if (!Supports(input) || !Supports(output) || !input.shape.SequenceEqual(output.shape))
            throw new ArgumentException("Needs float32 CPU planes of one shape with contiguous rows at least 10 wide.");
        long channels = input.shape[1];
        if (weight.shape is not [var c, 1, 3, 3] || c != channels || weight.dtype != ScalarType.Float32)
            throw new ArgumentException("Needs a float32 [C, 1, 3, 3] depthwise weight with the input's C.");
        using var taps = weight.contiguous();
        using var shifts = bias?.contiguous();
        int height = (int)input.shape[2], width = (int)input.shape[3];
        long planes = input.shape[0] * channels;
        TensorMemory.Planes inputs = TensorMemory.PlanesOf(input), outputs = TensorMemory.PlanesOf(output);
        nint tapData = TensorMemory.Data(taps), biasData = shifts is null ? 0 : TensorMemory.Data(shifts);

        void Plane(long index)
        {
            long ch = index % channels;
            ConvolvePlane(inputs[index], outputs[index], height, width, (float*)tapData + ch * 9,
                biasData == 0 ? 0f : ((float*)biasData)[ch]);
        }

        TensorMemory.ForEachPlane(planes, Plane);
        GC.KeepAlive(input);
        GC.KeepAlive(output);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ConvolvePlane(float* x, float* y, int height, int width, float* k, float bias)
    {
        Vector256<float> k0 = Vector256.Create(k[0]), k1 = Vector256.Create(k[1]), k2 = Vector256.Create(k[2]);
        Vector256<float> k3 = Vector256.Create(k[3]), k4 = Vector256.Create(k[4]), k5 = Vector256.Create(k[5]);
        Vector256<float> k6 = Vector256.Create(k[6]), k7 = Vector256.Create(k[7]), k8 = Vector256.Create(k[8]);
        Vector256<float> b = Vector256.Create(bias);
        int last = width - 1 - Lanes; // the last vector start whose right-hand tap stays inside the row
        for (int i = 0; i < height; i++)
        {
            float* middle = x + (long)i * width, output = y + (long)i * width;
            float* above = i > 0 ? middle - width : null, below = i < height - 1 ? middle + width : null;
            // Columns 1 … width − 2 in vectors; the last one overlaps its predecessor rather than running past the row.
            for (int j = 1; ; j = Math.Min(j + Lanes, last))
            {
                Vector256<float> sum = b;
                if (above != null)
                {
                    sum = Vector256.FusedMultiplyAdd(Vector256.Load(above + j - 1), k0, sum);
                    sum = Vector256.FusedMultiplyAdd(Vector256.Load(above + j), k1, sum);
                    sum = Vector256.FusedMultiplyAdd(Vector256.Load(above + j + 1), k2, sum);
                }
                sum = Vector256.FusedMultiplyAdd(Vector256.Load(middle + j - 1), k3, sum);
                sum = Vector256.FusedMultiplyAdd(Vector256.Load(middle + j), k4, sum);
                sum = Vector256.FusedMultiplyAdd(Vector256.Load(middle + j + 1), k5, sum);
                if (below != null)
                {
                    sum = Vector256.FusedMultiplyAdd(Vector256.Load(below + j - 1), k6, sum);
                    sum = Vector256.FusedMultiplyAdd(Vector256.Load(below + j), k7, sum);
                    sum = Vector256.FusedMultiplyAdd(Vector256.Load(below + j + 1), k8, sum);
                }
                sum.Store(output + j);
                if (j == last) break;
            }
            output[0] = EdgeColumn(above, middle, below, 0, width, k, bias);
            output[width - 1] = EdgeColumn(above, middle, below, width - 1, width, k, bias);
        }
    }

    private static float EdgeColumn(float* above, float* middle, float* below, int j, int width, float* k, float bias)
    {
        float sum = bias;
        for (int row = 0; row < 3; row++)
        {
            float* line = row == 0 ? above : row == 1 ? middle : below;
            if (line == null) continue;
            for (int dx = -1; dx <= 1; dx++)
                if (j + dx >= 0 && j + dx < width) sum = MathF.FusedMultiplyAdd(line[j + dx], k[row * 3 + dx + 1], sum);
        }
        return sum;
    }
}
