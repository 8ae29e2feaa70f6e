using TinyUNet.Pipeline.Postprocessing.Internal;

namespace TinyUNet.Pipeline.Tests;

/// <summary>The guard's run-based hole filling against a pixel flood from the border, on random masks.</summary>
public sealed class SliceHoleFillTests
{
    [Theory]
    [InlineData(40, 30, 0.45, 5)]
    [InlineData(64, 64, 0.6, 20)]
    [InlineData(17, 53, 0.55, 0)]
    [InlineData(1, 20, 0.5, 3)]
    public void Fill_RandomMask_EqualsPixelFlood(int columns, int rows, double density, int maxHolePixels)
    {
        var random = new Random(columns * rows);
        for (int trial = 0; trial < 20; trial++)
        {
            var mask = new byte[columns * rows];
            for (int i = 0; i < mask.Length; i++) mask[i] = random.NextDouble() < density ? (byte)1 : (byte)0;
            byte[] expected = (byte[])mask.Clone(), expectedLarge = new byte[mask.Length], large = new byte[mask.Length];

            SliceHoleFill.Fill(mask, columns, rows, maxHolePixels, large, new SliceScratch(columns, rows));

            FloodFill(expected, columns, rows, maxHolePixels, expectedLarge);
            Assert.Equal(expected, mask);
            Assert.Equal(expectedLarge, large);
        }
    }

    /// <summary>Zero regions reached from the border stay; the others are filled or, when larger, reported.</summary>
    private static void FloodFill(byte[] mask, int columns, int rows, int maxHolePixels, byte[] largeHoles)
    {
        var region = new int[mask.Length];
        int next = 0;
        var sizes = new List<int>();
        var border = new List<bool>();
        for (int start = 0; start < mask.Length; start++)
        {
            if (mask[start] != 0 || region[start] != 0) continue;
            next++;
            int size = 0;
            bool touches = false;
            var stack = new Stack<int>([start]);
            region[start] = next;
            while (stack.TryPop(out int i))
            {
                int x = i % columns, y = i / columns;
                size++;
                touches |= x == 0 || y == 0 || x == columns - 1 || y == rows - 1;
                foreach (int n in new[] { x > 0 ? i - 1 : -1, x < columns - 1 ? i + 1 : -1, y > 0 ? i - columns : -1, y < rows - 1 ? i + columns : -1 })
                    if (n >= 0 && mask[n] == 0 && region[n] == 0) { region[n] = next; stack.Push(n); }
            }
            sizes.Add(size);
            border.Add(touches);
        }
        for (int i = 0; i < mask.Length; i++)
        {
            if (region[i] == 0 || border[region[i] - 1]) continue;
            if (sizes[region[i] - 1] <= maxHolePixels) mask[i] = 1;
            else largeHoles[i] = 1;
        }
    }
}
