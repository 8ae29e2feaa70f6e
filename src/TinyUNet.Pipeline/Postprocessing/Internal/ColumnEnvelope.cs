namespace TinyUNet.Pipeline.Postprocessing.Internal;

/// <summary>
/// One column's pass of the exact squared distance transform (Felzenszwalb and Huttenlocher's lower envelope of
/// parabolas), with the row pass's values given as each row's distance to its nearest mask pixel, in exactly the
/// floating-point steps the guard's former transform took: <see cref="DiscDilation"/> asks it for the pixels whose
/// nearest mask pixel lies within rounding of the radius. Rows without a mask pixel are left out: their parabolas
/// (10²⁰ high) never decided a pixel nor moved another parabola's bounds.
/// </summary>
internal ref struct ColumnEnvelope(SliceScratch scratch, double row2, double column2)
{
    private readonly int[] at = scratch.EnvelopeAt, v = scratch.EnvelopeV;
    private readonly double[] f = scratch.EnvelopeF, z = scratch.EnvelopeZ;
    private int n, k;

    public void Clear() => n = 0;

    /// <param name="row">The parabola's row, increasing from call to call.</param>
    /// <param name="columns">Columns to the row's nearest mask pixel.</param>
    public void Add(int row, int columns)
    {
        double d = columns;
        at[n] = row;
        f[n] = column2 * d * d + 0.0; // the row pass: s2·d·d + f[v[k]], f 0 on the mask
        n++;
    }

    public void Build()
    {
        k = 0;
        if (n == 0) return;
        v[0] = 0;
        z[0] = double.NegativeInfinity;
        z[1] = double.PositiveInfinity;
        for (int q = 1; q < n; q++)
        {
            double s = Intersection(q, v[k]);
            while (s <= z[k])
            {
                k--; // z[0] is −∞, so this stops at the first parabola
                s = Intersection(q, v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }
        k = 0;
    }

    /// <summary>The squared distance (mm²) at <paramref name="row"/>; rows asked in increasing order after <see cref="Build"/>.</summary>
    public double At(int row)
    {
        if (n == 0) return double.PositiveInfinity;
        while (z[k + 1] < row) k++;
        double d = row - at[v[k]];
        return row2 * d * d + f[v[k]];
    }

    private readonly double Intersection(int q, int p) =>
        ((f[q] + row2 * at[q] * at[q]) - (f[p] + row2 * at[p] * at[p])) / (2 * row2 * (at[q] - at[p]));
}
