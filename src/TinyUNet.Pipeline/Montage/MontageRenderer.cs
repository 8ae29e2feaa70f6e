using SkiaSharp;
using TinyUNet.Dicom;
using TinyUNet.Pipeline.Montage.Internal;
using TinyUNet.Pipeline.Postprocessing;
using TinyUNet.Pipeline.Volumetrics;

namespace TinyUNet.Pipeline.Montage;

/// <summary>
/// The study picture (PNG): the axial slices with the most lesion (<see cref="MontageSliceSelector"/>) in the lung
/// window, GGO and consolidation filled and the right and left lung fields outlined in the SEG's colours, each
/// labelled with its position, under a header with the UIDs and the model and above a legend and the volume table.
/// "Not for clinical use" is part of the picture.
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

    public MontagePicture Render(HuVolume hu, LungSegmentation lungs, VolumetricsReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hu);
        ArgumentNullException.ThrowIfNull(lungs);
        ArgumentNullException.ThrowIfNull(report);
        LabelVolume classMap = lungs.ClassMap;
        if (classMap.Columns != hu.Columns || classMap.Rows != hu.Rows || classMap.Depth != hu.Depth)
            throw new ArgumentException("Class map and HU volume are on different grids.", nameof(lungs));

        IReadOnlyList<int> slices = MontageSliceSelector.Select(classMap, options.SliceCount);
        int columns = Math.Min(options.Columns, slices.Count), rows = (slices.Count + columns - 1) / columns;
        (int imageWidth, int imageHeight) = ImageSize(hu.Series);
        // Outlines about 1.5 picture pixels wide whatever the matrix: thicker in voxels when the slice is shrunk more.
        int outlineWidth = Math.Max(1, (int)Math.Round(1.5 * Math.Max(hu.Columns / (double)imageWidth, hu.Rows / (double)imageHeight)));
        using var text = new MontageText(palette);
        (int footerWidth, int footerHeight) = text.FooterSize(report, options);
        int gridWidth = columns * options.TileSize + (columns - 1) * Gap;
        int width = new[] { gridWidth, text.HeaderWidth(report), footerWidth }.Max() + 2 * Gap;
        width = Math.Max(width, MinimumWidth);
        int gridTop = MontageText.HeaderHeight, cellHeight = imageHeight + LabelHeight + Gap;
        int height = gridTop + rows * cellHeight + footerHeight;
        int gridLeft = (width - gridWidth) / 2;

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Could not create a drawing surface.");
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(Background);
        text.Canvas = canvas;
        text.Header(report, Gap);
        var tiles = new List<MontageTile>(slices.Count);
        using var filter = new SKPaint { FilterQuality = SKFilterQuality.Medium };
        for (int i = 0; i < slices.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int cellLeft = gridLeft + i % columns * (options.TileSize + Gap), cellTop = gridTop + i / columns * cellHeight;
            var tile = new MontageTile(slices[i], hu.Series.Slices[slices[i]].ImagePositionPatient.Z,
                cellLeft + (options.TileSize - imageWidth) / 2, cellTop, imageWidth, imageHeight);
            using (SKBitmap image = SliceImage.Create(hu, lungs, slices[i], options, palette, outlineWidth))
                canvas.DrawBitmap(image, SKRect.Create(tile.Left, tile.Top, tile.Width, tile.Height), filter);
            text.SliceLabel(tile, hu.Depth, cellLeft, cellTop + imageHeight + 15);
            tiles.Add(tile);
        }
        text.Footer(report, options, Gap, gridTop + rows * cellHeight);

        using SKImage snapshot = surface.Snapshot();
        using SKData png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return new MontagePicture(png.ToArray(), width, height, tiles, [.. text.Labels]);
    }

    /// <summary>A slice's size in the picture: its physical aspect (pixel spacing) fitted into a tile.</summary>
    private (int Width, int Height) ImageSize(CtSeries series)
    {
        double widthMm = series.Columns * series.ColumnSpacing, heightMm = series.Rows * series.RowSpacing;
        double scale = options.TileSize / Math.Max(widthMm, heightMm);
        return (Math.Max(1, (int)Math.Round(widthMm * scale)), Math.Max(1, (int)Math.Round(heightMm * scale)));
    }
}
