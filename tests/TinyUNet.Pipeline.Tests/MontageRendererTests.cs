using SkiaSharp;
using TinyUNet.Dicom;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Pipeline.Pictures;
using TinyUNet.Pipeline.Postprocessing;
using TinyUNet.Pipeline.Volumetrics;

namespace TinyUNet.Pipeline.Tests;

/// <summary>The study picture decoded back with SkiaSharp: size, tiles, overlay colours where lesions are and only there.</summary>
public sealed class MontageRendererTests
{
    private const int Columns = 64, Rows = 48, Depth = 12;
    private const float BodyHu = 40, LungHu = -850, GgoHu = -500, ConsolidationHu = 0;
    private static readonly MontageOptions Options = new();

    [Fact]
    public void Render_Lesions_OverlayColoursOnLesionsGreyElsewhere()
    {
        (HuVolume hu, LabelVolume map) = Phantom(withLesions: true);

        MontagePicture picture = Render(hu, map, out SKBitmap png);

        using (png)
        {
            Assert.Equal((picture.Width, picture.Height), (png.Width, png.Height));
            Assert.Equal(6, picture.Tiles.Count);
            Assert.All(picture.Tiles, t => Assert.True(t.Left >= 0 && t.Top >= 0 && t.Left + t.Width <= png.Width && t.Top + t.Height <= png.Height));
            // Equal pixel spacing: the 64 × 48 slice keeps its 4:3 shape.
            Assert.All(picture.Tiles, t => Assert.Equal((Options.TileSize, Options.TileSize * 3 / 4), (t.Width, t.Height)));
            Assert.Contains(4, picture.Tiles.Select(t => t.Slice));
            Assert.Contains(8, picture.Tiles.Select(t => t.Slice));

            MontageTile ggoTile = picture.Tiles.Single(t => t.Slice == 4), consolidationTile = picture.Tiles.Single(t => t.Slice == 8);
            AssertColour(Expected(GgoHu, CovidSegments.GroundGlassOpacity), Pixel(png, ggoTile, 12, 20));
            AssertColour(Expected(ConsolidationHu, CovidSegments.Consolidation), Pixel(png, consolidationTile, 48, 20));
            byte lungGrey = Grey(LungHu);
            AssertColour((lungGrey, lungGrey, lungGrey), Pixel(png, ggoTile, 24, 36));
            AssertColour((lungGrey, lungGrey, lungGrey), Pixel(png, consolidationTile, 12, 20));
            Assert.Equal(0, ColouredPixels(png, picture.Tiles.Where(t => t.Slice is not (3 or 4 or 5 or 8))));
            Assert.True(ColouredPixels(png, [ggoTile]) > 0);
        }
    }

    [Fact]
    public void Render_NoLesions_NoColourInAnyTileLegendStillDrawn()
    {
        (HuVolume hu, LabelVolume map) = Phantom(withLesions: false);

        MontagePicture picture = Render(hu, map, out SKBitmap png);

        using (png)
        {
            Assert.Equal(6, picture.Tiles.Count);
            Assert.Equal(0, ColouredPixels(png, picture.Tiles));
            // The legend's swatches carry the pure SEG colours outside the tiles.
            var (r, g, b) = CovidSegments.GroundGlassOpacity.Colour!.Value;
            Assert.Contains(new SKColor(r, g, b), png.Pixels);
            // The header's words are drawn (needs a font; a picture without its warning would be wrong).
            int headerPixels = 0;
            for (int y = 0; y < 70; y++)
                for (int x = 0; x < png.Width; x++)
                    if (png.GetPixel(x, y).Red > 100) headerPixels++;
            Assert.True(headerPixels > 200, $"header text pixels: {headerPixels}");
        }
    }

    [Fact]
    public void Render_PatientAttributesDiffer_IdenticalPicture()
    {
        (HuVolume hu, LabelVolume map) = Phantom(withLesions: true);
        CtSeries other = hu.Series with
        {
            PatientStudy = new PatientStudyAttributes
            {
                StudyInstanceUid = hu.Series.StudyInstanceUid,
                PatientName = "Roe^Richard",
                PatientId = "OTHER-1",
                PatientBirthDate = "19011231",
            },
        };
        var renderer = new MontageRenderer(Options);
        VolumetricsReport report = Report(hu, map);

        byte[] first = renderer.Render(hu, map, report, CancellationToken.None).Png;
        byte[] second = renderer.Render(new HuVolume(other, hu.Slices), map, report, CancellationToken.None).Png;

        Assert.Equal(first, second);
    }

    private static MontagePicture Render(HuVolume hu, LabelVolume map, out SKBitmap png)
    {
        MontagePicture picture = new MontageRenderer(Options).Render(hu, map, Report(hu, map), CancellationToken.None);
        png = SKBitmap.Decode(picture.Png) ?? throw new InvalidOperationException("Not a decodable image.");
        return picture;
    }

    /// <summary>Two lung boxes in soft tissue; GGO in the right box on slices 3–5, consolidation in the left on slice 8.</summary>
    private static (HuVolume Hu, LabelVolume Map) Phantom(bool withLesions)
    {
        CtSeries series = TestSeries.Create(Columns, Rows, Depth);
        var map = new LabelVolume(Columns, Rows, Depth);
        TestSeries.Box(map, 4, 28, 8, 40, 1, 11, (byte)LungClass.LungField);
        TestSeries.Box(map, 36, 60, 8, 40, 1, 11, (byte)LungClass.LungField);
        if (withLesions)
        {
            TestSeries.Box(map, 8, 16, 16, 24, 3, 6, (byte)LungClass.GroundGlassOpacity);
            TestSeries.Box(map, 44, 52, 16, 24, 8, 9, (byte)LungClass.Consolidation);
        }
        float[] huOf = [BodyHu, LungHu, GgoHu, ConsolidationHu];
        var slices = Enumerable.Range(0, Depth).Select(k => map.Slice(k).ToArray().Select(v => huOf[v]).ToArray()).ToList();
        return (new HuVolume(series, slices), map);
    }

    private static VolumetricsReport Report(HuVolume hu, LabelVolume map)
    {
        var sides = new LabelVolume(Columns, Rows, Depth);
        for (int i = 0; i < map.Voxels.Length; i++)
            if (map.Voxels[i] != 0) sides.Voxels[i] = (byte)(i % Columns < Columns / 2 ? LungSide.Right : LungSide.Left);
        return new VolumetricsCalculator().Compute(hu, new LungSegmentation(map, sides),
            new ModelIdentity("test-model", "1.0.0", "1", new string('a', 64)), CancellationToken.None);
    }

    private static byte Grey(float hu) =>
        (byte)Math.Round(Math.Clamp((hu - (Options.WindowCentreHu - Options.WindowWidthHu / 2)) / Options.WindowWidthHu, 0, 1) * 255);

    private static (byte, byte, byte) Expected(float hu, SegmentDescription segment)
    {
        byte grey = Grey(hu);
        var (r, g, b) = segment.Colour!.Value;
        byte Mix(byte c) => (byte)Math.Round(Options.OverlayOpacity * c + (1 - Options.OverlayOpacity) * grey);
        return (Mix(r), Mix(g), Mix(b));
    }

    /// <summary>The picture's pixel at the centre of voxel (column, row) of the tile's slice.</summary>
    private static SKColor Pixel(SKBitmap png, MontageTile tile, int column, int row) => png.GetPixel(
        tile.Left + (int)((column + 0.5) * tile.Width / Columns), tile.Top + (int)((row + 0.5) * tile.Height / Rows));

    private static void AssertColour((byte R, byte G, byte B) expected, SKColor actual)
    {
        Assert.InRange(actual.Red, expected.R - 2, expected.R + 2);
        Assert.InRange(actual.Green, expected.G - 2, expected.G + 2);
        Assert.InRange(actual.Blue, expected.B - 2, expected.B + 2);
    }

    /// <summary>Pixels inside the tiles' images that are not grey (any overlay, however faint at an edge).</summary>
    private static int ColouredPixels(SKBitmap png, IEnumerable<MontageTile> tiles)
    {
        int n = 0;
        foreach (MontageTile t in tiles)
            for (int y = t.Top; y < t.Top + t.Height; y++)
                for (int x = t.Left; x < t.Left + t.Width; x++)
                {
                    SKColor c = png.GetPixel(x, y);
                    if (c.Red != c.Green || c.Green != c.Blue) n++;
                }
        return n;
    }
}
