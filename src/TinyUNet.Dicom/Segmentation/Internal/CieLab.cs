namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>
/// sRGB to DICOM's scaled CIELab (PS3.3 C.10.7.1.1): L 0–100 and a, b −128…127 mapped onto 0–65535. White point
/// D65, as dcmqi/3D Slicer and dcmjs (OHIF) use: Slicer's liver colour (221, 130, 101) comes out within 2 units of
/// the value in dcmqi's reference SEG, so viewers show our colours as intended.
/// </summary>
internal static class CieLab
{
    private const double Xn = 0.95047, Yn = 1.0, Zn = 1.08883;

    public static ushort[] FromRgb(byte r, byte g, byte b)
    {
        static double Linear(byte v)
        {
            double c = v / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        double lr = Linear(r), lg = Linear(g), lb = Linear(b);
        double x = 0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb;
        double y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb;
        double z = 0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb;
        static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        double fx = F(x / Xn), fy = F(y / Yn), fz = F(z / Zn);
        double l = 116 * fy - 16, a = 500 * (fx - fy), bb = 200 * (fy - fz);
        static ushort Scale(double v, double min, double max) =>
            (ushort)Math.Clamp(Math.Round((v - min) / (max - min) * 65535), 0, 65535);
        return [Scale(l, 0, 100), Scale(a, -128, 127), Scale(bb, -128, 127)];
    }

    /// <summary>The inverse, for display colours read from a SEG (rounded to the nearest sRGB byte).</summary>
    public static (byte R, byte G, byte B) ToRgb(ushort l16, ushort a16, ushort b16)
    {
        double l = l16 / 65535.0 * 100, a = a16 / 65535.0 * 255 - 128, bb = b16 / 65535.0 * 255 - 128;
        double fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - bb / 200;
        static double FInv(double f) => f * f * f > 216.0 / 24389 ? f * f * f : (116 * f - 16) * 27 / 24389.0;
        double x = FInv(fx) * Xn, y = FInv(fy) * Yn, z = FInv(fz) * Zn;
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        static byte Gamma(double c)
        {
            c = Math.Clamp(c, 0, 1);
            double v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.Pow(c, 1 / 2.4) - 0.055;
            return (byte)Math.Round(v * 255);
        }
        return (Gamma(r), Gamma(g), Gamma(b));
    }
}
