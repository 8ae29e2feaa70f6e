namespace TinyUNet.Pipeline.Tests;

/// <summary>
/// The lung guard's former in-plane dilation, kept as the reference its replacement must equal pixel for pixel: an
/// exact squared distance transform of the whole slice (Felzenszwalb and Huttenlocher, rows then columns) compared with
/// radius². In floating point it is not quite the minimum over all pixels (near a tie it may keep a parabola a few ulps
/// higher), which is why the guard's output is compared with it and not only with a brute force.
/// </summary>
internal static class FormerDistanceTransform
{
    public static byte[] Dilate(byte[] mask, int columns, int rows, double rowMm, double columnMm, double radiusMm)
    {
        const double far = 1e20;
        var d2 = new double[mask.Length];
        for (int i = 0; i < d2.Length; i++) d2[i] = mask[i] != 0 ? 0 : far;
        int longest = Math.Max(columns, rows);
        var (f, output, v, z) = (new double[longest], new double[longest], new int[longest], new double[longest + 1]);
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++) f[x] = d2[y * columns + x];
            Envelope(f, columns, columnMm, output, v, z);
            for (int x = 0; x < columns; x++) d2[y * columns + x] = output[x];
        }
        for (int x = 0; x < columns; x++)
        {
            for (int y = 0; y < rows; y++) f[y] = d2[y * columns + x];
            Envelope(f, rows, rowMm, output, v, z);
            for (int y = 0; y < rows; y++) d2[y * columns + x] = output[y];
        }
        return [.. d2.Select(d => d <= radiusMm * radiusMm ? (byte)1 : (byte)0)];
    }

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
                k--;
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

    private static double Intersection(double[] f, int q, int p, double s2) =>
        ((f[q] + s2 * q * q) - (f[p] + s2 * p * p)) / (2 * s2 * (q - p));
}
