namespace TinyUNet.Pipeline.Pictures;

/// <summary>A rendered study picture: the PNG bytes, its size and where each slice was drawn.</summary>
public sealed record MontagePicture(byte[] Png, int Width, int Height, IReadOnlyList<MontageTile> Tiles);
