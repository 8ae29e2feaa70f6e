namespace TinyUNet.Dicom.Synthetic.Internal;

/// <summary>An axis-aligned ellipsoid in patient coordinates (mm); a sphere when the semi-axes are equal.</summary>
internal readonly record struct Ellipsoid(Vector3 Centre, Vector3 SemiAxes)
{
    public bool Contains(Vector3 p)
    {
        double dx = (p.X - Centre.X) / SemiAxes.X, dy = (p.Y - Centre.Y) / SemiAxes.Y, dz = (p.Z - Centre.Z) / SemiAxes.Z;
        return dx * dx + dy * dy + dz * dz <= 1.0;
    }
}
