using System.Numerics;

namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// Every voxel within a Euclidean distance (mm, the grid's own spacings) of a mask, in 3-D: an exact squared distance
/// transform per slice (Felzenszwalb and Huttenlocher's lower envelope, along rows then columns), kept as one byte per
/// voxel on a scale up to the radius, then the nearest of the neighbouring slices within the radius. A ball as the
/// structuring element; a per-slice disc would let the lungs' margin miss what lies just above or below them.
/// </summary>
internal static class DistanceDilation
{
    public static byte[] Dilate(byte[] mask, int columns, int rows, int depth, double rowMm, double columnMm, double sliceMm,
        double radiusMm, CancellationToken cancellationToken)
    {
        int sliceLength = columns * rows;
        double radius2 = radiusMm * radiusMm;
        // d² quantised to 0..254 over [0, r²]; 255 = farther than the radius.
        var quantised = new byte[mask.Length];
        Parallel.For(0, depth, new ParallelOptions { CancellationToken = cancellationToken }, z =>
        {
            var d2 = new double[sliceLength];
            SliceDistances(mask.AsSpan(z * sliceLength, sliceLength), columns, rows, rowMm, columnMm, d2);
            Span<byte> target = quantised.AsSpan(z * sliceLength, sliceLength);
            for (int i = 0; i < sliceLength; i++)
                target[i] = d2[i] > radius2 ? (byte)255 : (byte)Math.Floor(d2[i] / radius2 * 254);
        });

        int reach = sliceMm > 0 ? (int)Math.Floor(radiusMm / sliceMm) : 0;
        var result = new byte[mask.Length];
        Parallel.For(0, depth, new ParallelOptions { CancellationToken = cancellationToken }, z =>
        {
            Span<byte> target = result.AsSpan(z * sliceLength, sliceLength);
            for (int dz = -reach; dz <= reach; dz++)
            {
                int source = z + dz;
                if (source < 0 || source >= depth) continue;
                double offset = dz == 0 ? 0 : dz * sliceMm; // a single-slice pass may pass ∞ as the spacing
                double left = radius2 - offset * offset;
                if (left < 0) continue;
                // In-plane distance² must be at most what the slice offset leaves: d² ≤ r² − (dz·Δz)².
                var limit = new Vector<byte>((byte)Math.Min(254, Math.Floor(left / radius2 * 254)));
                ReadOnlySpan<byte> distances = quantised.AsSpan(source * sliceLength, sliceLength);
                int i = 0;
                for (; i <= sliceLength - Vector<byte>.Count; i += Vector<byte>.Count)
                {
                    Vector<byte> within = Vector.LessThanOrEqual(new Vector<byte>(distances[i..]), limit) & Vector<byte>.One;
                    (new Vector<byte>(target[i..]) | within).CopyTo(target[i..]);
                }
                for (; i < sliceLength; i++)
                    if (distances[i] <= limit[0]) target[i] = 1;
            }
        });
        return result;
    }

    /// <summary>Squared distance (mm²) of every pixel to the nearest mask pixel of one slice.</summary>
    private static void SliceDistances(ReadOnlySpan<byte> mask, int columns, int rows, double rowMm, double columnMm, double[] d2)
    {
        const double far = 1e20;
        for (int i = 0; i < d2.Length; i++) d2[i] = mask[i] != 0 ? 0 : far;
        int longest = Math.Max(columns, rows);
        var f = new double[longest];
        var output = new double[longest];
        var v = new int[longest];
        var boundaries = new double[longest + 1];
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++) f[x] = d2[y * columns + x];
            Envelope(f, columns, columnMm, output, v, boundaries);
            for (int x = 0; x < columns; x++) d2[y * columns + x] = output[x];
        }
        for (int x = 0; x < columns; x++)
        {
            for (int y = 0; y < rows; y++) f[y] = d2[y * columns + x];
            Envelope(f, rows, rowMm, output, v, boundaries);
            for (int y = 0; y < rows; y++) d2[y * columns + x] = output[y];
        }
    }

    private static double Intersection(double[] f, int q, int p, double s2) =>
        ((f[q] + s2 * q * q) - (f[p] + s2 * p * p)) / (2 * s2 * (q - p));

    /// <summary>1-D squared distance transform: output[p] = min over q of (step·(p − q))² + f[q].</summary>
    private static void Envelope(double[] f, int n, double step, double[] output, int[] v, double[] z)
    {
        double s2 = step * step;
        int k = 0;
        v[0] = 0;
        z[0] = double.NegativeInfinity;
        z[1] = double.PositiveInfinity;
        for (int q = 1; q < n; q++)
        {
            double s = Intersection(f, q, v[k], s2);
            while (s <= z[k])
            {
                k--; // z[0] is −∞, so this stops at the first parabola
                s = Intersection(f, q, v[k], s2);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }
        k = 0;
        for (int q = 0; q < n; q++)
        {
            while (z[k + 1] < q) k++;
            double d = q - v[k];
            output[q] = s2 * d * d + f[v[k]];
        }
    }
}
