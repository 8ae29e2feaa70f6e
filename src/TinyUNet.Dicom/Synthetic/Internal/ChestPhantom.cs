namespace TinyUNet.Dicom.Synthetic.Internal;

/// <summary>
/// The analytic phantom: body ellipse (soft tissue) with a vertebra, two lung ellipsoids and lesion blobs, all in
/// patient coordinates centred on the volume (or, for an abdomen, body, vertebra and bowel gas with no lung at all).
/// Labels come from geometry alone (never from noisy HU), so the ground
/// truth is exact. Lungs stop short of the first and last slice so a "complete coverage" check passes.
/// </summary>
internal sealed class ChestPhantom
{
    public const double AirHu = -1000, BodyHu = 40, LungHu = -850, GgoHu = -500, BoneHu = 700;

    private readonly double _bodyA, _bodyB;
    private readonly Ellipsoid _vertebra;
    private readonly List<Ellipsoid> _gas = [];

    public ChestPhantom(SyntheticChestCtOptions o, Random random)
    {
        double halfX = o.Columns * o.ColumnSpacing / 2, halfY = o.Rows * o.RowSpacing / 2;
        double halfZ = (o.Slices - 1) * o.SliceSpacing / 2;
        _bodyA = 0.42 * 2 * halfX;
        _bodyB = 0.30 * 2 * halfY;
        // Lung z semi-axis leaves at least one slice spacing (and ~15 % of the range) free at both ends.
        double lungZ = Math.Max(Math.Min(0.85 * halfZ, halfZ - o.SliceSpacing), 0.5 * o.SliceSpacing);
        // Patient right is -X in LPS, so the right lung sits at negative X (left half of the image).
        RightLung = new Ellipsoid(new(-0.45 * _bodyA, -0.05 * _bodyB, 0), new(0.33 * _bodyA, 0.6 * _bodyB, lungZ));
        LeftLung = new Ellipsoid(new(0.45 * _bodyA, -0.05 * _bodyB, 0), new(0.30 * _bodyA, 0.58 * _bodyB, 0.95 * lungZ));
        _vertebra = new Ellipsoid(new(0, 0.72 * _bodyB, 0), new(0.12 * _bodyB, 0.12 * _bodyB, 1e9));
        var lesions = new List<Lesion>();
        if (o.Abdomen)
        {
            // Colon and small-bowel gas: a few pure-air pockets, 8–20 % of the body's width, wherever the body is.
            for (int i = 0; i < 5; i++)
            {
                double r = (0.08 + 0.12 * random.NextDouble()) * _bodyA;
                var centre = new Vector3((1.2 * random.NextDouble() - 0.6) * _bodyA, (1.0 * random.NextDouble() - 0.7) * _bodyB, 0);
                _gas.Add(new Ellipsoid(centre, new(r, 0.7 * r, 1e9)));
            }
            Lesions = lesions;
            return;
        }
        for (int i = 0; i < o.GgoBlobs; i++) lesions.Add(NewLesion(random, 2, GgoHu));
        for (int i = 0; i < o.ConsolidationBlobs; i++) lesions.Add(NewLesion(random, 3, -50 + 80 * random.NextDouble()));
        Lesions = lesions;
    }

    public Ellipsoid RightLung { get; }
    public Ellipsoid LeftLung { get; }
    public IReadOnlyList<Lesion> Lesions { get; }

    /// <summary>Class (0–3), side (0 none, 1 right, 2 left) and noise-free HU of the point.</summary>
    public (byte Class, byte Side, double Hu) Sample(Vector3 p)
    {
        if (_gas.Count > 0)
        {
            double ax = p.X / _bodyA, ay = p.Y / _bodyB;
            if (ax * ax + ay * ay > 1) return (0, 0, AirHu);
            return (0, 0, _vertebra.Contains(p) ? BoneHu : _gas.Any(g => g.Contains(p)) ? AirHu : BodyHu);
        }
        byte side = RightLung.Contains(p) ? SyntheticChestCtResult.RightSide
            : LeftLung.Contains(p) ? SyntheticChestCtResult.LeftSide : (byte)0;
        if (side != 0)
        {
            // Consolidation wins over GGO where blobs overlap: it is the denser finding.
            Lesion? best = null;
            foreach (var lesion in Lesions)
                if ((best is null || lesion.Class > best.Class) && lesion.Shape.Contains(p)) best = lesion;
            return best is null ? ((byte)1, side, LungHu) : (best.Class, side, best.Hu);
        }
        double bx = p.X / _bodyA, by = p.Y / _bodyB;
        if (bx * bx + by * by > 1) return (0, 0, AirHu);
        return (0, 0, _vertebra.Contains(p) ? BoneHu : BodyHu);
    }

    private Lesion NewLesion(Random random, byte cls, double hu)
    {
        var lung = random.Next(2) == 0 ? RightLung : LeftLung;
        Vector3 centre;
        do
        {
            centre = new Vector3(2 * random.NextDouble() - 1, 2 * random.NextDouble() - 1, 2 * random.NextDouble() - 1);
        } while (centre.Length > 1);
        // Centres at most 70 % out from the lung centre, so every blob overlaps its lung substantially.
        centre = lung.Centre + new Vector3(centre.X * lung.SemiAxes.X, centre.Y * lung.SemiAxes.Y, centre.Z * lung.SemiAxes.Z) * 0.7;
        double r = (0.25 + 0.25 * random.NextDouble()) * lung.SemiAxes.X;
        return new Lesion(new Ellipsoid(centre, new(r, r, Math.Max(r, 0.25 * lung.SemiAxes.Z))), cls, hu);
    }
}

/// <summary>A lesion blob: its shape, model class (2 GGO, 3 consolidation) and attenuation.</summary>
internal sealed record Lesion(Ellipsoid Shape, byte Class, double Hu);
