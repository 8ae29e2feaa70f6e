using SkiaSharp;
using TinyUNet.Dicom;
using TinyUNet.Pipeline.Pictures.Internal;
using TinyUNet.Pipeline.Volumetrics;

namespace TinyUNet.Pipeline.Pictures;

/// <summary>
/// The study picture (PNG): representative axial slices (<see cref="MontageSliceSelector"/>) in the lung window with
/// GGO and consolidation overlaid in the SEG's colours, each labelled with its position, under a header with the
/// UIDs and the model and above a legend and the volume table. "Not for clinical use" is part of the picture.
/// </summary>
public sealed class MontageRenderer
{
    private const int Gap = 8, LabelHeight = 20, MinimumWidth = 800;
    private static readonly SKColor Background = new(18, 18, 18);
    private readonly MontageOptions options;
    private readonly MontagePalette palette;

    public MontageRenderer(MontageOptions? options = null, MontagePalette? palette = null)
    {
        this.options = options ?? new MontageOptions();
        this.options.Validate();
        this.palette = palette ?? MontagePalette.FromSegments;
    }

    public MontagePicture Render(HuVolume hu, LabelVolume classMap, VolumetricsReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hu);
        ArgumentNullException.ThrowIfNull(classMap);
        ArgumentNullException.ThrowIfNull(report);
        if (classMap.Columns != hu.Columns || classMap.Rows != hu.Rows || classMap.Depth != hu.Depth)
            throw new ArgumentException("Class map and HU volume are on different grids.", nameof(classMap));

        IReadOnlyList<int> slices = MontageSliceSelector.Select(classMap, options.SliceCount);
        int columns = Math.Min(options.Columns, slices.Count), rows = (slices.Count + columns - 1) / columns;
        (int imageWidth, int imageHeight) = ImageSize(hu.Series);
        int gridWidth = columns * options.TileSize + (columns - 1) * Gap;
        int width = Math.Max(gridWidth + 2 * Gap, MinimumWidth);
        int gridTop = MontageText.HeaderHeight, cellHeight = imageHeight + LabelHeight + Gap;
        int height = gridTop + rows * cellHeight + MontageText.FooterHeight;
        int gridLeft = (width - gridWidth) / 2;

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Could not create a drawing surface.");
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(Background);
        using var text = new MontageText(canvas, palette);
        text.Header(report, Gap);
        var tiles = new List<MontageTile>(slices.Count);
        using var filter = new SKPaint { FilterQuality = SKFilterQuality.Medium };
        for (int i = 0; i < slices.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int cellLeft = gridLeft + i % columns * (options.TileSize + Gap), cellTop = gridTop + i / columns * cellHeight;
            var tile = new MontageTile(slices[i], hu.Series.Slices[slices[i]].ImagePositionPatient.Z,
                cellLeft + (options.TileSize - imageWidth) / 2, cellTop, imageWidth, imageHeight);
            using (SKBitmap image = SliceImage.Create(hu, classMap, slices[i], options, palette))
                canvas.DrawBitmap(image, SKRect.Create(tile.Left, tile.Top, tile.Width, tile.Height), filter);
            text.SliceLabel(tile, hu.Depth, cellLeft, cellTop + imageHeight + 15);
            tiles.Add(tile);
        }
        text.Footer(report, options, Gap, gridTop + rows * cellHeight);

        using SKImage snapshot = surface.Snapshot();
        using SKData png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return new MontagePicture(png.ToArray(), width, height, tiles);
    }

    /// <summary>A slice's size in the picture: its physical aspect (pixel spacing) fitted into a tile.</summary>
    private (int Width, int Height) ImageSize(CtSeries series)
    {
        double widthMm = series.Columns * series.ColumnSpacing, heightMm = series.Rows * series.RowSpacing;
        double scale = options.TileSize / Math.Max(widthMm, heightMm);
        return (Math.Max(1, (int)Math.Round(widthMm * scale)), Math.Max(1, (int)Math.Round(heightMm * scale)));
    }
}
