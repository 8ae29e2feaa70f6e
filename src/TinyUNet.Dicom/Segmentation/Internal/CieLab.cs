namespace TinyUNet.Dicom.Segmentation.Internal;

/// <summary>
/// sRGB to DICOM's scaled CIELab (PS3.3 C.10.7.1.1): L 0–100 and a, b −128…127 mapped onto 0–65535, relative to
/// the D50 white point of the ICC profile connection space (hence the Bradford-adapted sRGB matrix).
/// </summary>
internal static class CieLab
{
    public static ushort[] FromRgb(byte r, byte g, byte b)
    {
        static double Linear(byte v)
        {
            double c = v / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        double lr = Linear(r), lg = Linear(g), lb = Linear(b);
        double x = 0.4360747 * lr + 0.3850649 * lg + 0.1430804 * lb;
        double y = 0.2225045 * lr + 0.7168786 * lg + 0.0606169 * lb;
        double z = 0.0139322 * lr + 0.0971045 * lg + 0.7141733 * lb;
        static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        double fx = F(x / 0.9642), fy = F(y), fz = F(z / 0.8249);
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
        double x = FInv(fx) * 0.9642, y = FInv(fy), z = FInv(fz) * 0.8249;
        double r = 3.1338561 * x - 1.6168667 * y - 0.4906146 * z;
        double g = -0.9787684 * x + 1.9161415 * y + 0.0334540 * z;
        double b = 0.0719453 * x - 0.2289914 * y + 1.4052427 * z;
        static byte Gamma(double c)
        {
            c = Math.Clamp(c, 0, 1);
            double v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.Pow(c, 1 / 2.4) - 0.055;
            return (byte)Math.Round(v * 255);
        }
        return (Gamma(r), Gamma(g), Gamma(b));
    }
}
