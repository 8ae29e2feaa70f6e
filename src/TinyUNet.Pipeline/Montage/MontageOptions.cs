namespace TinyUNet.Pipeline.Montage;

/// <summary>
/// How the study picture looks: how many axial slices, each drawn into a square of <see cref="TileSize"/> pixels in
/// the lung window (W1500/L-600 by default), lesions as translucent overlays of <see cref="OverlayOpacity"/>.
/// </summary>
public sealed record MontageOptions
{
    public int SliceCount { get; init; } = 6;
    public int Columns { get; init; } = 3;
    public int TileSize { get; init; } = 256;
    public double WindowCentreHu { get; init; } = -600;
    public double WindowWidthHu { get; init; } = 1500;
    /// <summary>0 (invisible) to 1 (opaque); about half keeps the parenchyma under a lesion readable.</summary>
    public double OverlayOpacity { get; init; } = 0.5;

    public void Validate()
    {
        if (SliceCount < 1) throw new ArgumentOutOfRangeException(nameof(SliceCount), SliceCount, "At least one slice.");
        if (Columns < 1) throw new ArgumentOutOfRangeException(nameof(Columns), Columns, "At least one column.");
        if (TileSize < 64) throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "Tiles of at least 64 pixels.");
        if (!(WindowWidthHu > 0)) throw new ArgumentOutOfRangeException(nameof(WindowWidthHu), WindowWidthHu, "Window width must be positive.");
        if (!(OverlayOpacity is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(OverlayOpacity), OverlayOpacity, "Opacity in (0, 1].");
    }
}
