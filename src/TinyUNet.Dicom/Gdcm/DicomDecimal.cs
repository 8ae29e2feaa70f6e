using System.Globalization;

namespace TinyUNet.Dicom.Gdcm;

/// <summary>Decimal String (DS) values are limited to 16 characters; this keeps as many significant digits as fit.</summary>
internal static class DicomDecimal
{
    public static string Format(double value)
    {
        if (value == 0) return "0";
        for (int digits = 15; digits >= 1; digits--)
        {
            var text = value.ToString("G" + digits, CultureInfo.InvariantCulture);
            if (text.Length <= 16) return text;
        }
        throw new ArgumentOutOfRangeException(nameof(value), "Value cannot be written as a DICOM DS.");
    }

    public static double Parse(string text) => double.Parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
