using TinyUNet.Training.Data;

namespace TinyUNet.Training.Tests;

public sealed class LungFieldEstimatorTests
{
    [Fact]
    public void Estimate_DarkDiscInBrightBody_DiscAndLesionAreLungBorderAirIsNot()
    {
        const int size = 40;
        var gray = new float[size * size];
        var lesion = new bool[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                bool body = x is >= 4 and < 36 && y is >= 4 and < 36;
                bool lung = (x - 20) * (x - 20) + (y - 20) * (y - 20) < 100;
                gray[y * size + x] = !body ? 0f : lung ? 0.15f : 0.85f;
                lesion[y * size + x] = x == 31 && y == 20;   // bright, just outside the disc: a pleural lesion
                if (lesion[y * size + x]) gray[y * size + x] = 0.85f;
            }

        bool[] result = LungFieldEstimator.Estimate(gray, lesion, size, size);

        Assert.True(result[20 * size + 20]);
        Assert.True(result[20 * size + 31]);
        Assert.False(result[0]);
        Assert.False(result[5 * size + 5]);
    }
}
