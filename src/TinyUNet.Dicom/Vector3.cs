using System.Text.Json.Serialization;

namespace TinyUNet.Dicom;

/// <summary>A point or direction in the DICOM patient coordinate system (LPS, millimetres).</summary>
public readonly record struct Vector3(double X, double Y, double Z)
{
    public double Dot(Vector3 other) => X * other.X + Y * other.Y + Z * other.Z;

    public Vector3 Cross(Vector3 other) =>
        new(Y * other.Z - Z * other.Y, Z * other.X - X * other.Z, X * other.Y - Y * other.X);

    [JsonIgnore]
    public double Length => Math.Sqrt(Dot(this));

    public Vector3 Normalized() => this / Length;

    public static Vector3 operator +(Vector3 a, Vector3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static Vector3 operator -(Vector3 a, Vector3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static Vector3 operator *(Vector3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);
    public static Vector3 operator /(Vector3 a, double s) => new(a.X / s, a.Y / s, a.Z / s);
}
