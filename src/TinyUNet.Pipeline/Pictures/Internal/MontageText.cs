using System.Globalization;
using SkiaSharp;
using TinyUNet.Pipeline.Volumetrics;

namespace TinyUNet.Pipeline.Pictures.Internal;

/// <summary>
/// The words of the picture: a header (warning, UIDs, model), the legend and the volume table. Identifies the
/// study by UIDs only; nothing here reads patient attributes.
/// </summary>
internal sealed class MontageText(SKCanvas canvas, MontagePalette palette) : IDisposable
{
    public const int HeaderHeight = 74;
    public const int FooterHeight = 150;
    private static readonly SKColor Warning = new(255, 90, 80), Text = new(230, 230, 230), Muted = new(160, 160, 160);
    // A sans face where the system has one (Skia falls back to its default otherwise); no fonts at all leaves the
    // words out but the picture is still drawn.
    private readonly SKPaint paint = new() { IsAntialias = true, Typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default };

    public void Header(VolumetricsReport report, int left)
    {
        Write("NOT FOR CLINICAL USE - research segmentation of COVID-19 pneumonia (TinyU-Net)", left, 22, 17, Warning);
        Write($"Study  {report.StudyInstanceUid}", left, 44, 13, Text);
        Write($"Series {report.SeriesInstanceUid}   model {report.Model.Name} {report.Model.Version}", left, 62, 13, Text);
    }

    public void SliceLabel(MontageTile tile, int depth, int left, int baseline) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"slice {tile.Slice + 1}/{depth}   z = {tile.PositionZMm:F1} mm"),
            left, baseline, 12, Text);

    public void Footer(VolumetricsReport report, MontageOptions options, int left, int top)
    {
        Swatch(palette.GroundGlassOpacity, "Ground-glass opacity", left, top + 22);
        Swatch(palette.Consolidation, "Consolidation", left, top + 44);
        Write(string.Create(CultureInfo.InvariantCulture,
            $"Lung window W{options.WindowWidthHu:0}/L{options.WindowCentreHu:0}"), left, top + 70, 12, Muted);
        if (report.IncompleteCoverage) Write("Lung reaches the scan's end: volumes are lower bounds", left, top + 88, 12, Warning);
        Write("Not for clinical use", left, top + 106, 12, Warning);
        VolumeTable(report, left + 280, top);
    }

    private void VolumeTable(VolumetricsReport report, int left, int top)
    {
        int[] x = [left, left + 150, left + 235, left + 320, left + 405];
        string[] header = ["", "Right mL", "Left mL", "Total mL", "% of lung"];
        for (int c = 0; c < header.Length; c++) Write(header[c], x[c], top + 22, 12, Muted);
        (string Name, Func<RegionVolumetrics, double> Ml)[] rows =
        [
            ("Lung", r => r.LungVolumeMl),
            ("GGO", r => r.GgoVolumeMl),
            ("Consolidation", r => r.ConsolidationVolumeMl),
            ("GGO + consolidation", r => r.LesionVolumeMl),
        ];
        for (int i = 0; i < rows.Length; i++)
        {
            int y = top + 44 + i * 20;
            var (name, ml) = rows[i];
            double total = ml(report.Total), lung = report.Total.LungVolumeMl;
            Write(name, x[0], y, 12, Text);
            Write(Number(ml(report.Right)), x[1], y, 12, Text);
            Write(Number(ml(report.Left)), x[2], y, 12, Text);
            Write(Number(total), x[3], y, 12, Text);
            Write(lung > 0 ? Number(100 * total / lung) : "-", x[4], y, 12, Text);
        }
    }

    private void Swatch((byte R, byte G, byte B) colour, string label, int left, int baseline)
    {
        paint.Color = new SKColor(colour.R, colour.G, colour.B);
        canvas.DrawRect(left, baseline - 12, 14, 14, paint);
        Write(label, left + 22, baseline, 13, Text);
    }

    private void Write(string text, int left, int baseline, float size, SKColor colour)
    {
        paint.Color = colour;
        paint.TextSize = size;
        canvas.DrawText(text, left, baseline, paint);
    }

    private static string Number(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    public void Dispose() => paint.Dispose();
}
