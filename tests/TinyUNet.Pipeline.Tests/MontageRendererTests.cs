using SkiaSharp;
using TinyUNet.Dicom;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Pipeline.Montage;
using TinyUNet.Pipeline.Postprocessing;
using TinyUNet.Pipeline.Volumetrics;

namespace TinyUNet.Pipeline.Tests;

/// <summary>The study picture decoded back with SkiaSharp: size, tiles, overlay colours where lesions are and only there.</summary>
public sealed class MontageRendererTests
{
    private const int Columns = 64, Rows = 48, Depth = 12;
    private const short BodyHu = 40, LungHu = -850, GgoHu = -500, ConsolidationHu = 0;
    private static readonly MontageOptions Options = new();
    // Lung outlines in greys, so "coloured" keeps meaning "lesion overlay" in the tests that count colour.
    private static readonly MontagePalette GreyOutlines = MontagePalette.FromSegments with { RightLung = (200, 200, 200), LeftLung = (90, 90, 90) };

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

        byte[] first = renderer.Render(hu, Lungs(map), report, CancellationToken.None).Png;
        byte[] second = renderer.Render(new HuVolume(other, hu.Slices), Lungs(map), report, CancellationToken.None).Png;

        Assert.Equal(first, second);
    }

    [Fact]
    public void Render_LungFields_EdgesOutlinedInTheirSideColoursInsideLeftGrey()
    {
        (HuVolume hu, LabelVolume map) = Phantom(withLesions: false);

        MontagePicture picture = Render(hu, map, out SKBitmap png, MontagePalette.FromSegments);

        using (png)
        {
            MontageTile tile = picture.Tiles[0];
            // Right lung (patient's right = image left): columns 4–27, rows 8–39; left lung: columns 36–59.
            // A one-voxel edge scaled ×4 with bilinear filtering: up to a sixth of a neighbour (≤ 110 levels away) bleeds in, so the colour is near, not exact.
            AssertColour(CovidSegments.RightLung.Colour!.Value, Pixel(png, tile, 4, 20), tolerance: 20);
            AssertColour(CovidSegments.RightLung.Colour!.Value, Pixel(png, tile, 16, 8), tolerance: 20);
            AssertColour(CovidSegments.LeftLung.Colour!.Value, Pixel(png, tile, 59, 20), tolerance: 20);
            AssertColour(CovidSegments.LeftLung.Colour!.Value, Pixel(png, tile, 48, 39), tolerance: 20);
            byte lungGrey = Grey(LungHu), bodyGrey = Grey(BodyHu);
            AssertColour((lungGrey, lungGrey, lungGrey), Pixel(png, tile, 16, 20));
            AssertColour((bodyGrey, bodyGrey, bodyGrey), Pixel(png, tile, 2, 20));
            // The legend names both outlines.
            Assert.Contains(picture.Labels, l => l.Text.Contains("Right lung", StringComparison.Ordinal));
            Assert.Contains(picture.Labels, l => l.Text.Contains("Left lung", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(40)]
    public void Render_AnySeriesLength_NoTextOverTextAndAllInsideThePicture(int depth)
    {
        // Lung on every slice: the "lower bounds" warning is drawn too.
        CtSeries series = TestSeries.Create(Columns, Rows, depth);
        var map = new LabelVolume(Columns, Rows, depth);
        TestSeries.Box(map, 4, 28, 8, 40, 0, depth, (byte)LungClass.LungField);
        TestSeries.Box(map, 8, 16, 16, 24, 0, depth, (byte)LungClass.GroundGlassOpacity);
        var hu = new HuVolume(series, Enumerable.Range(0, depth).Select(_ => new short[Columns * Rows]).ToList());

        MontagePicture picture = new MontageRenderer(Options).Render(hu, Lungs(map), Report(hu, map), CancellationToken.None);

        Assert.Contains(picture.Labels, l => l.Text.Contains("lower bounds", StringComparison.Ordinal));
        Assert.Contains(picture.Labels, l => l.Text == "NOT FOR CLINICAL USE - research segmentation of COVID-19 pneumonia (TinyU-Net)");
        Assert.All(picture.Labels, l => Assert.True(l.Left >= 0 && l.Top >= 0 && l.Right <= picture.Width && l.Bottom <= picture.Height,
            $"'{l.Text}' ({l.Left},{l.Top})–({l.Right},{l.Bottom}) leaves the {picture.Width}×{picture.Height} picture"));
        for (int i = 0; i < picture.Labels.Count; i++)
            for (int j = i + 1; j < picture.Labels.Count; j++)
                Assert.False(picture.Labels[i].Overlaps(picture.Labels[j]), $"'{picture.Labels[i].Text}' overlaps '{picture.Labels[j].Text}'");
        Assert.All(picture.Tiles, t => Assert.DoesNotContain(picture.Labels, l =>
            l.Left < t.Left + t.Width && t.Left < l.Right && l.Top < t.Top + t.Height && t.Top < l.Bottom));
    }

    private static MontagePicture Render(HuVolume hu, LabelVolume map, out SKBitmap png, MontagePalette? palette = null)
    {
        MontagePicture picture = new MontageRenderer(Options, palette ?? GreyOutlines).Render(hu, Lungs(map), Report(hu, map), CancellationToken.None);
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
        short[] huOf = [BodyHu, LungHu, GgoHu, ConsolidationHu];
        var slices = Enumerable.Range(0, Depth).Select(k => map.Slice(k).ToArray().Select(v => huOf[v]).ToArray()).ToList();
        return (new HuVolume(series, slices), map);
    }

    /// <summary>The class map with its sides: lung in the image's left half is the patient's right.</summary>
    private static LungSegmentation Lungs(LabelVolume map)
    {
        var sides = new LabelVolume(map.Columns, map.Rows, map.Depth);
        for (int i = 0; i < map.Voxels.Length; i++)
            if (map.Voxels[i] != 0) sides.Voxels[i] = (byte)(i % map.Columns < map.Columns / 2 ? LungSide.Right : LungSide.Left);
        return new LungSegmentation(map, sides);
    }

    private static VolumetricsReport Report(HuVolume hu, LabelVolume map) =>
        new VolumetricsCalculator().Compute(hu, Lungs(map), new ModelIdentity("test-model", "1.0.0", "1", new string('a', 64)), CancellationToken.None);

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

    private static void AssertColour((byte R, byte G, byte B) expected, SKColor actual, int tolerance = 2)
    {
        Assert.InRange(actual.Red, expected.R - tolerance, expected.R + tolerance);
        Assert.InRange(actual.Green, expected.G - tolerance, expected.G + tolerance);
        Assert.InRange(actual.Blue, expected.B - tolerance, expected.B + tolerance);
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
