using System.Text.Json;
using TinyUNet.TestSupport;

namespace TinyUNet.Cli.Tests;

/// <summary>
/// `sample-ct` on the bundled real COVID-19 sample, checked with pydicom and Pillow rather than our own readers: 207
/// valid CT instances, a slice's HU equal to its JPEG turned to the radiological view, an obviously fake patient, the
/// reference lesion volume counted from the sample's masks, and another seed giving another study of the same pixels.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SampleCtVerbTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void SampleCt_BundledSample_ValidSeriesFakePatientReferenceFromTheMasks()
    {
        var (code, output, error) = CliRunner.Run("sample-ct", "--out", temp.File("a"));

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(207, root.GetProperty("slices").GetInt32());
        string[] files = Directory.GetFiles(temp.File("a"), "*.dcm").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(207, files.Length);
        foreach (string file in files.Where((_, i) => i % 50 == 0)) Dciodvfy.AssertValid(file);

        // pydicom: fake identity, no birth date, 512² at 0.6 mm, positions 1.25 mm apart, one study; and the 100th
        // slice equal to the 100th JPEG as Pillow decodes it, transposed to the radiological view, centred on the canvas
        // and mapped through the inverted window W 1500 / L −600 (one gray level is 5.9 HU; decoders may differ by one).
        const string script = """
import sys, glob, pydicom, numpy as np
from PIL import Image
ds = sorted((pydicom.dcmread(f) for f in glob.glob(sys.argv[1] + '/*.dcm')), key=lambda d: float(d.ImagePositionPatient[2]))
z = [float(d.ImagePositionPatient[2]) for d in ds]
d = ds[99]
hu = d.pixel_array.astype(np.float64) + float(d.RescaleIntercept)
src = np.asarray(Image.open(sys.argv[2] + '/images/slice-100.jpg').convert('L'), dtype=np.float64).T
expected = np.full((512, 512), -1350.0)
top, left = (512 - src.shape[0]) // 2, (512 - src.shape[1]) // 2
expected[top:top + src.shape[0], left:left + src.shape[1]] = -1350 + src / 255 * 1500
print(str(d.PatientName), d.PatientID, repr(d.PatientBirthDate), d.Rows, d.Columns, [float(v) for v in d.PixelSpacing],
      round(z[1] - z[0], 3), len({x.StudyInstanceUID for x in ds}))
print(src.shape[1] > src.shape[0], int(np.abs(hu - expected).max()))
""";
        string[] lines = PyDicom.Run(script, temp.File("a"), BundledSample()).Trim().Split('\n');
        Assert.Equal("SAMPLE^COVID19^RADIOPAEDIA85902 SAMPLE-RP85902 '' 512 512 [0.6, 0.6] 1.25 1", lines[0]);
        string[] pixels = lines[1].Split(' ');
        Assert.Equal("True", pixels[0]); // transposed, the chest is wider (columns) than deep (rows)
        Assert.InRange(int.Parse(pixels[1], System.Globalization.CultureInfo.InvariantCulture), 0, 6);

        // The reference is the masks' > 127 pixels, as Pillow counts them, in mL at the stated voxel size.
        const string count = """
import sys, glob
from PIL import Image
print(sum(sum(1 for v in Image.open(f).convert('L').getdata() if v > 127) for f in glob.glob(sys.argv[1] + '/masks/*.png')))
""";
        long voxels = long.Parse(PyDicom.Run(count, BundledSample()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        JsonElement reference = root.GetProperty("reference");
        Assert.Equal(voxels, reference.GetProperty("lesionVoxels").GetInt64());
        Assert.Equal(voxels * 0.6 * 0.6 * 1.25 / 1000, reference.GetProperty("lesionMl").GetDouble(), 6);
        Assert.Contains("not ground truth", reference.GetProperty("what").GetString(), StringComparison.Ordinal);

        // Another seed: the same pixels, another study.
        var (code2, output2, error2) = CliRunner.Run("sample-ct", "--out", temp.File("b"), "--seed", "2");
        Assert.True(code2 == 0, error2);
        using JsonDocument json2 = JsonDocument.Parse(output2);
        Assert.NotEqual(root.GetProperty("studyInstanceUid").GetString(), json2.RootElement.GetProperty("studyInstanceUid").GetString());
    }

    [Fact]
    public void SampleCt_FolderWithoutSampleJson_OneLineErrorAndNonZeroExit()
    {
        Directory.CreateDirectory(temp.File("empty"));

        var (code, _, error) = CliRunner.Run("sample-ct", "--out", temp.File("out"), "--sample", temp.File("empty"));

        Assert.NotEqual(0, code);
        Assert.Contains("sample.json", error, StringComparison.Ordinal);
    }

    private static string BundledSample() => Path.Combine(LocalStack.RepositoryRoot(), "samples", "radiopaedia-85902");
}
