using TinyUNet.Dicom;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Pipeline.Volumetrics;

/// <summary>
/// Count, HU sum and HU sum of squares per (side, class), accumulated per slice in doubles and skipping background
/// with vectorised searches: a chest CT is mostly background, so the cost follows the lung, not the volume.
/// </summary>
internal sealed class VoxelTally
{
    private const int Classes = 4;
    private readonly long[] count = new long[3 * Classes];
    private readonly double[] sum = new double[3 * Classes];
    private readonly double[] sumOfSquares = new double[3 * Classes];

    public readonly record struct Moments(long Count, double Sum, double SumOfSquares);

    public static VoxelTally Count(HuVolume hu, LabelVolume classes, LabelVolume sides, CancellationToken cancellationToken)
    {
        var tally = new VoxelTally();
        Span<double> sliceSum = stackalloc double[3 * Classes];
        Span<double> sliceSquares = stackalloc double[3 * Classes];
        for (int z = 0; z < classes.Depth; z++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<byte> c = classes.Slice(z), s = sides.Slice(z);
            ReadOnlySpan<short> h = hu.Slices[z];
            if (h.Length != c.Length) throw new ArgumentException($"HU slice {z} has {h.Length} pixels, expected {c.Length}.");
            if (s.IndexOfAnyInRange((byte)(LungSide.Left + 1), byte.MaxValue) >= 0
                || c.IndexOfAnyInRange((byte)(LungClass.Consolidation + 1), byte.MaxValue) >= 0)
                throw new ArgumentException($"Slice {z} holds values that are not LungSide / LungClass values.");
            sliceSum.Clear();
            sliceSquares.Clear();
            int i = 0;
            while (i < c.Length)
            {
                int skip = c[i..].IndexOfAnyExcept((byte)LungClass.Background);
                if (skip < 0) break;
                i += skip;
                for (; i < c.Length && c[i] != 0; i++)
                {
                    int cell = s[i] * Classes + c[i];
                    double v = h[i];
                    tally.count[cell]++;
                    sliceSum[cell] += v;
                    sliceSquares[cell] += v * v;
                }
            }
            for (int cell = 0; cell < sliceSum.Length; cell++)
            {
                tally.sum[cell] += sliceSum[cell];
                tally.sumOfSquares[cell] += sliceSquares[cell];
            }
        }
        return tally;
    }

    public Moments Sum(IEnumerable<LungSide> sides, IEnumerable<LungClass> classes)
    {
        long n = 0;
        double total = 0, squares = 0;
        foreach (LungSide side in sides)
            foreach (LungClass cls in classes)
            {
                int cell = (int)side * Classes + (int)cls;
                n += count[cell];
                total += sum[cell];
                squares += sumOfSquares[cell];
            }
        return new Moments(n, total, squares);
    }
}
