namespace TinyUNet.Pipeline.Montage;

/// <summary>A rendered study picture: the PNG bytes, its size, where each slice was drawn and where each text went.</summary>
public sealed record MontagePicture(byte[] Png, int Width, int Height, IReadOnlyList<MontageTile> Tiles, IReadOnlyList<MontageLabel> Labels);

/// <summary>One piece of text in the picture and the pixel box its glyphs can fill (left, top, right, bottom).</summary>
public sealed record MontageLabel(string Text, int Left, int Top, int Right, int Bottom)
{
    public bool Overlaps(MontageLabel other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;
}

/// <summary>
/// Where one slice landed in the picture: its index in the series (sorted along the normal), its z position (mm,
/// patient coordinates) and the pixel rectangle its image fills (left, top, width, height).
/// </summary>
public sealed record MontageTile(int Slice, double PositionZMm, int Left, int Top, int Width, int Height);
