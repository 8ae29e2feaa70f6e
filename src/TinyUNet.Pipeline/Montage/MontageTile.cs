namespace TinyUNet.Pipeline.Montage;

/// <summary>
/// Where one slice landed in the picture: its index in the series (sorted along the normal), its z position (mm,
/// patient coordinates) and the pixel rectangle its image fills (left, top, width, height).
/// </summary>
public sealed record MontageTile(int Slice, double PositionZMm, int Left, int Top, int Width, int Height);
