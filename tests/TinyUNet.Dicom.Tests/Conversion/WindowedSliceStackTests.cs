using System.Globalization;
using TinyUNet.Dicom.Conversion;
using TinyUNet.Dicom.Tests.Support;

namespace TinyUNet.Dicom.Tests.Conversion;

/// <summary>
/// Windowed slices back to CT, checked by pydicom and dciodvfy rather than by our reader: values, placement on the
/// canvas, the transposition, the slice order and geometry, the reference masks.
/// </summary>
public sealed class WindowedSliceStackTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static WindowedSliceStackOptions Options(bool transposed = true, bool inferiorFirst = true) => new()
    {
        WindowCenter = -425, WindowWidth = 1350, PixelSpacingMm = 0.6, SliceSpacingMm = 1.25,
        CanvasRows = 10, CanvasColumns = 12, Transposed = transposed, FirstSliceInferior = inferiorFirst,
        UidName = "test/windowed-stack", PatientName = "SAMPLE^TEST", PatientId = "SAMPLE-1", StudyDate = "20200315",
        StudyDescription = "SAMPLE test stack", SeriesDescription = "SAMPLE test series",
    };

    /// <summary>Slice k is 4 wide, 6 high; pixel (x, y) holds 10·k + 6·x + y (all distinct); the mask marks x = 0.</summary>
    private static List<WindowedSlice> Stack(int count = 3) => Enumerable.Range(0, count).Select(k =>
    {
        var pixels = new byte[4 * 6];
        var mask = new byte[4 * 6];
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 4; x++)
            {
                pixels[y * 4 + x] = (byte)(10 * k + 6 * x + y);
                mask[y * 4 + x] = x == 0 ? (byte)255 : (byte)0;
            }
        return new WindowedSlice(4, 6, pixels, mask);
    }).ToList();

    [Fact]
    public void Write_TransposedStack_PydicomReadsInvertedWindowCentredOnTheCanvasInRadiologicalView()
    {
        WindowedSliceStackResult result = WindowedSliceStack.Write(Stack(), Options(), temp.Path);

        // pydicom prints, per file in position order: z, then "row,column=HU" for the non-air pixels.
        const string script = """
import sys, glob, pydicom, numpy as np
files = sorted((pydicom.dcmread(f) for f in glob.glob(sys.argv[1] + '/*.dcm')), key=lambda d: float(d.ImagePositionPatient[2]))
for ds in files:
    assert ds.SOPClassUID == '1.2.840.10008.5.1.4.1.1.2' and list(ds.ImageType)[:2] == ['DERIVED', 'SECONDARY']
    assert [float(v) for v in ds.ImageOrientationPatient] == [1, 0, 0, 0, 1, 0] and [float(v) for v in ds.PixelSpacing] == [0.6, 0.6]
    hu = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    cells = [f'{r},{c}={hu[r, c]:.0f}' for r, c in zip(*np.nonzero(hu > -1100))]
    print(f'{float(ds.ImagePositionPatient[2]):.2f}', int(round(hu.min())), ' '.join(cells))
""";
        string[] lines = PyDicom.Run(script, temp.Path).Trim().Split('\n');

        Assert.Equal(3, lines.Length);
        for (int k = 0; k < 3; k++)
        {
            string[] parts = lines[k].Split(' ');
            // Inferior first: slice k of the input is the k-th position, 1.25 mm apart; outside the crop is air (v = 0).
            Assert.Equal((k * 1.25).ToString("F2", CultureInfo.InvariantCulture), parts[0]);
            Assert.Equal("-1100", parts[1]);
            var cells = parts.Skip(2).ToHashSet();
            // Transposed 4×6 → 6 wide, 4 high, centred on 12×10: columns 3–8, rows 3–6; source (x, y) lands at row x, column y.
            for (int y = 0; y < 6; y++)
                for (int x = 0; x < 4; x++)
                {
                    int v = 10 * k + 6 * x + y;
                    if (v == 0) continue; // v = 0 is air (−1100 HU), not listed
                    double hu = Math.Round(-1100 + v / 255.0 * 1350);
                    Assert.Contains($"{3 + x},{3 + y}={hu.ToString("F0", CultureInfo.InvariantCulture)}", cells);
                }
            Assert.Equal(k == 0 ? 23 : 24, cells.Count);
        }
        foreach (CtSlice slice in result.Series.Slices) Dciodvfy.AssertValid(slice.FilePath);
        // The masks (source column x = 0) land on canvas row 3, columns 3–8, in every slice.
        Assert.Equal(18, result.ReferenceVoxels);
        for (int k = 0; k < 3; k++)
            for (int c = 3; c <= 8; c++) Assert.Equal(1, result.Reference.Voxels[result.Reference.Index(c, 3, k)]);
        Assert.Equal(18 * 0.6 * 0.6 * 1.25 / 1000, result.ReferenceMl, 9);
    }

    [Fact]
    public void Write_SuperiorFirstNotTransposed_ReversedOrderSameOrientation()
    {
        WindowedSliceStackResult result = WindowedSliceStack.Write(Stack(), Options(transposed: false, inferiorFirst: false), temp.Path);

        // The first input slice (values 10·0 + …) is now the most superior; not transposed: (x, y) at row y, column x.
        const string script = """
import sys, glob, pydicom, numpy as np
files = sorted((pydicom.dcmread(f) for f in glob.glob(sys.argv[1] + '/*.dcm')), key=lambda d: float(d.ImagePositionPatient[2]))
print(' '.join(f'{d.pixel_array[2 + 5, 4 + 3] + int(d.RescaleIntercept)}' for d in files))
""";
        // Canvas 12×10, image 4 wide 6 high: columns 4–7, rows 2–7; pixel (x=3, y=5) at row 7, column 7 holds 10k + 23.
        string hu = PyDicom.Run(script, temp.Path).Trim();
        string Expected(int k) => Math.Round(-1100 + (10 * k + 23) / 255.0 * 1350).ToString("F0", CultureInfo.InvariantCulture);
        Assert.Equal($"{Expected(2)} {Expected(1)} {Expected(0)}", hu);
        Assert.Equal(1, result.Reference.Voxels[result.Reference.Index(4, 2, 2)]);
        Assert.Equal(0, result.Reference.Voxels[result.Reference.Index(5, 2, 2)]);
    }

    [Fact]
    public void Write_SliceLargerThanCanvas_ClearError()
    {
        var tooWide = new List<WindowedSlice>(Stack()) { [1] = new WindowedSlice(20, 2, new byte[40]) };

        var error = Assert.Throws<ArgumentException>(() => WindowedSliceStack.Write(tooWide, Options(), temp.Path));

        Assert.Contains("Slice 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not fit", error.Message, StringComparison.Ordinal);
    }
}
