using System.Globalization;
using SkiaSharp;
using TinyUNet.Pipeline.Volumetrics;

namespace TinyUNet.Pipeline.Montage.Internal;

/// <summary>
/// The words of the picture: a header (warning, UIDs, model), a legend with notes and the volume table. Everything is
/// measured before it is drawn, so the picture is made wide and tall enough that no text lands on other text, and
/// every drawn text's box is kept (<see cref="Labels"/>). Identifies the study by UIDs only; nothing here reads
/// patient attributes.
/// </summary>
internal sealed class MontageText(MontagePalette palette) : IDisposable
{
    public const int HeaderHeight = 74;
    private const int LineHeight = 21, ColumnGap = 32, SwatchWidth = 22;
    private const float BodySize = 12, TitleSize = 17, UidSize = 13;
    private static readonly SKColor Warning = new(255, 90, 80), Text = new(230, 230, 230), Muted = new(160, 160, 160);
    // A sans face where the system has one (Skia falls back to its default otherwise); no fonts at all leaves the
    // words out but the picture is still drawn.
    private readonly SKPaint paint = new() { IsAntialias = true, Typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default };
    private readonly List<MontageLabel> labels = [];

    public SKCanvas? Canvas { get; set; }
    public IReadOnlyList<MontageLabel> Labels => labels;

    private static readonly string[] TableHeader = ["", "Right mL", "Left mL", "Total mL", "% of lung"];

    private static readonly (string Name, Func<RegionVolumetrics, double> Ml)[] TableRows =
    [
        ("Lung", r => r.LungVolumeMl),
        ("GGO", r => r.GgoVolumeMl),
        ("Consolidation", r => r.ConsolidationVolumeMl),
        ("GGO + consolidation", r => r.LesionVolumeMl),
    ];

    private string Title => "NOT FOR CLINICAL USE - research segmentation of COVID-19 pneumonia (TinyU-Net)";

    public int HeaderWidth(VolumetricsReport report) => (int)Math.Ceiling(new[]
    {
        Measure(Title, TitleSize), Measure(StudyLine(report), UidSize), Measure(SeriesLine(report), UidSize),
    }.Max());

    public void Header(VolumetricsReport report, int left)
    {
        Write(Title, left, 22, TitleSize, Warning);
        Write(StudyLine(report), left, 44, UidSize, Text);
        Write(SeriesLine(report), left, 62, UidSize, Text);
    }

    public void SliceLabel(MontageTile tile, int depth, int left, int baseline) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"slice {tile.Slice + 1}/{depth}   z = {tile.PositionZMm:F1} mm"),
            left, baseline, BodySize, Text);

    /// <summary>The footer's size: the legend column, a gap, the volume table.</summary>
    public (int Width, int Height) FooterSize(VolumetricsReport report, MontageOptions options)
    {
        var legend = Legend(report, options);
        int[] columns = TableColumnWidths(report);
        int width = LegendWidth(legend) + ColumnGap + columns.Sum();
        int height = (Math.Max(legend.Count, TableRows.Length + 1) + 1) * LineHeight;
        return (width, height);
    }

    public void Footer(VolumetricsReport report, MontageOptions options, int left, int top)
    {
        var legend = Legend(report, options);
        for (int i = 0; i < legend.Count; i++)
        {
            var (text, colour, swatch, outline) = legend[i];
            int baseline = top + (i + 1) * LineHeight;
            if (swatch is { } c) Swatch(c, outline, left, baseline);
            Write(text, left + (swatch is null ? 0 : SwatchWidth), baseline, BodySize, colour);
        }
        VolumeTable(report, left + LegendWidth(legend) + ColumnGap, top);
    }

    /// <summary>The legend column, one line each: overlays with their swatch (filled or outlined), then notes.</summary>
    private List<LegendLine> Legend(VolumetricsReport report, MontageOptions options)
    {
        var lines = new List<LegendLine>
        {
            new("Ground-glass opacity (filled)", Text, palette.GroundGlassOpacity, Outline: false),
            new("Consolidation (filled)", Text, palette.Consolidation, Outline: false),
            new("Right lung field (outline)", Text, palette.RightLung, Outline: true),
            new("Left lung field (outline)", Text, palette.LeftLung, Outline: true),
            new(string.Create(CultureInfo.InvariantCulture, $"Lung window W{options.WindowWidthHu:0}/L{options.WindowCentreHu:0}"), Muted),
        };
        if (report.IncompleteCoverage) lines.Add(new("Lung reaches the scan's end: volumes are lower bounds", Warning));
        if (report.Finding == TinyUNet.Contracts.LungFinding.NoLung) lines.Add(new("No lung in this series: no lesion, no severity", Warning));
        lines.Add(new("Not for clinical use", Warning));
        return lines;
    }

    private int LegendWidth(List<LegendLine> legend) =>
        (int)Math.Ceiling(legend.Max(l => (l.Swatch is null ? 0 : SwatchWidth) + Measure(l.Text, BodySize)));

    /// <summary>Each table column as wide as its widest text plus a gap: the row names, then four numbers.</summary>
    private int[] TableColumnWidths(VolumetricsReport report)
    {
        var cells = TableCells(report);
        return Enumerable.Range(0, TableHeader.Length)
            .Select(c => (int)Math.Ceiling(cells.Max(row => Measure(row[c], BodySize))) + (c == 0 ? 24 : 18))
            .ToArray();
    }

    /// <summary>Header row, then one row per volume: name, right, left, total, % of lung.</summary>
    private static List<string[]> TableCells(VolumetricsReport report)
    {
        var cells = new List<string[]> { TableHeader };
        double lung = report.Total.LungVolumeMl;
        foreach (var (name, ml) in TableRows)
        {
            double total = ml(report.Total);
            cells.Add([name, Number(ml(report.Right)), Number(ml(report.Left)), Number(total), lung > 0 ? Number(100 * total / lung) : "-"]);
        }
        return cells;
    }

    private void VolumeTable(VolumetricsReport report, int left, int top)
    {
        int[] widths = TableColumnWidths(report);
        var cells = TableCells(report);
        for (int r = 0; r < cells.Count; r++)
        {
            int x = left;
            for (int c = 0; c < widths.Length; c++)
            {
                Write(cells[r][c], x, top + (r + 1) * LineHeight, BodySize, r == 0 ? Muted : Text);
                x += widths[c];
            }
        }
    }

    private void Swatch((byte R, byte G, byte B) colour, bool outline, int left, int baseline)
    {
        paint.Color = new SKColor(colour.R, colour.G, colour.B);
        paint.Style = outline ? SKPaintStyle.Stroke : SKPaintStyle.Fill;
        paint.StrokeWidth = outline ? 2 : 0;
        Canvas!.DrawRect(left + 1, baseline - 11, 12, 12, paint);
        paint.Style = SKPaintStyle.Fill;
    }

    private void Write(string text, int left, int baseline, float size, SKColor colour)
    {
        if (text.Length == 0) return;
        paint.Color = colour;
        paint.TextSize = size;
        Canvas!.DrawText(text, left, baseline, paint);
        SKFontMetrics metrics = paint.FontMetrics;
        labels.Add(new MontageLabel(text, left, baseline + (int)Math.Floor(metrics.Ascent), left + (int)Math.Ceiling(paint.MeasureText(text)),
            baseline + (int)Math.Ceiling(metrics.Descent)));
    }

    private float Measure(string text, float size)
    {
        paint.TextSize = size;
        return paint.MeasureText(text);
    }

    private static string StudyLine(VolumetricsReport report) => $"Study  {report.StudyInstanceUid}";

    private static string SeriesLine(VolumetricsReport report) =>
        $"Series {report.SeriesInstanceUid}   model {report.Model.Name} {report.Model.Version}";

    private static string Number(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    public void Dispose() => paint.Dispose();

    private sealed record LegendLine(string Text, SKColor Colour, (byte R, byte G, byte B)? Swatch = null, bool Outline = false);
}
