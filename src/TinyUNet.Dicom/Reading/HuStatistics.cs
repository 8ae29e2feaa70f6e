namespace TinyUNet.Dicom.Reading;

/// <summary>Minimum, maximum and mean Hounsfield units over a whole volume.</summary>
public sealed record HuStatistics(double Min, double Max, double Mean)
{
    public static HuStatistics Of(HuVolume volume)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        long count = 0;
        foreach (short[] slice in volume.Slices)
        {
            foreach (short v in slice)
            {
                if (v < min) min = v;
                if (v > max) max = v;
                sum += v;
            }
            count += slice.Length;
        }
        return count == 0 ? new HuStatistics(0, 0, 0) : new HuStatistics(min, max, Math.Round(sum / count, 3));
    }
}
