namespace TinyUNet.Pipeline.Montage;

/// <summary>A rendered study picture: the PNG bytes, its size, where each slice was drawn and where each text went.</summary>
public sealed record MontagePicture(byte[] Png, int Width, int Height, IReadOnlyList<MontageTile> Tiles, IReadOnlyList<MontageLabel> Labels);

/// <summary>One piece of text in the picture and the pixel box its glyphs can fill (left, top, right, bottom).</summary>
public sealed record MontageLabel(string Text, int Left, int Top, int Right, int Bottom)
{
    public bool Overlaps(MontageLabel other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;
}
