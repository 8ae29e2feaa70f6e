using TinyUNet.Dicom.Synthetic;
using TinyUNet.Dicom.Tests.Support;

namespace TinyUNet.Dicom.Tests.Synthetic;

public sealed class SyntheticChestCtGeneratorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static SyntheticChestCtOptions Small(int seed = 3, double noise = 15) => new()
    {
        Rows = 48, Columns = 56, Slices = 14, RowSpacing = 7, ColumnSpacing = 6.5, SliceSpacing = 12, Seed = seed, NoiseHu = noise,
    };

    [Fact]
    public void Write_Default_EverySlicePassesDciodvfy()
    {
        var truth = new SyntheticChestCtGenerator().Write(_temp.Path, Small());

        Assert.Equal(14, Directory.GetFiles(_temp.Path, "*.dcm").Length);
        foreach (var slice in truth.Series.Slices.Where((_, i) => i % 4 == 0)) Dciodvfy.AssertValid(slice.FilePath);
    }

    [Fact]
    public void Write_NoNoise_GroundTruthCountsEqualPixelsReadByPydicom()
    {
        var truth = new SyntheticChestCtGenerator().Write(_temp.Path, Small(noise: 0));
        // Without noise each class has its own HU: lung −850, GGO −500, consolidation −50…+30, soft tissue 40.
        const string script = """
import sys, glob, pydicom, numpy as np
c = np.zeros(4, dtype=np.int64)
for f in sorted(glob.glob(sys.argv[1] + '/*.dcm')):
    ds = pydicom.dcmread(f)
    assert ds.PatientName.family_name == 'SYNTHETIC' and ds.file_meta.TransferSyntaxUID == '1.2.840.10008.1.2.1'
    assert ds.PixelRepresentation == 1 and ds.BitsAllocated == 16
    hu = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    c[1] += int((hu == -850).sum()); c[2] += int((hu == -500).sum()); c[3] += int(((hu >= -50) & (hu <= 30)).sum())
print(' '.join(str(int(v)) for v in c[1:]))
""";
        var counts = PyDicom.Run(script, _temp.Path).Trim().Split(' ').Select(long.Parse).ToArray();

        Assert.Equal(truth.Counts.ByClass.Skip(1).ToArray(), counts);
        Assert.All(truth.Counts.ByClass.Skip(1), n => Assert.True(n > 0));
        Assert.Equal(truth.Counts.ByClass.Skip(1).Sum(), truth.Counts.RightLung + truth.Counts.LeftLung);
        Assert.Equal(truth.Counts.ByClass[2], truth.Counts.RightLungByClass[2] + truth.Counts.LeftLungByClass[2]);
        for (byte cls = 0; cls < 4; cls++) Assert.Equal(truth.Counts.ByClass[cls], truth.ClassMap.Count(cls));
        Assert.Equal(truth.Counts.RightLung, truth.SideMap.Count(SyntheticChestCtResult.RightSide));
    }

    [Fact]
    public void Write_WithNoise_ClassMapCountsAndMeanHuEqualPixelsReadByPydicom()
    {
        var truth = new SyntheticChestCtGenerator().Write(Path.Combine(_temp.Path, "ct"), Small());
        var classMap = Path.Combine(_temp.Path, "classes.raw");
        File.WriteAllBytes(classMap, truth.ClassMap.Voxels);
        // The class map goes over as raw bytes (slice-major, as LabelVolume stores it); slices sorted by z.
        const string script = """
import sys, glob, pydicom, numpy as np
files = sorted((pydicom.dcmread(f) for f in glob.glob(sys.argv[1] + '/*.dcm')), key=lambda d: float(d.ImagePositionPatient[2]))
hu = np.stack([d.pixel_array.astype(np.float64) * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in files])
cls = np.fromfile(sys.argv[2], dtype=np.uint8).reshape(hu.shape)
for c in range(4):
    print(c, int((cls == c).sum()), repr(float(hu[cls == c].mean())))
""";
        var rows = PyDicom.Run(script, Path.Combine(_temp.Path, "ct"), classMap).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).ToArray();

        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(truth.Counts.ByClass[c], long.Parse(rows[c][1]));
            Assert.Equal(truth.MeanHuByClass[c], double.Parse(rows[c][2], System.Globalization.CultureInfo.InvariantCulture), 6);
        }
        Assert.InRange(truth.MeanHuByClass[1], -860, -840);
        Assert.InRange(truth.MeanHuByClass[2], -510, -490);
        Assert.InRange(truth.MeanHuByClass[3], -55, 35);
    }

    [Fact]
    public void Write_SameOptions_SameFilesAndTruth_OtherOptionsOtherUids()
    {
        var a = new SyntheticChestCtGenerator().Write(Path.Combine(_temp.Path, "a"), Small(seed: 11));
        var b = new SyntheticChestCtGenerator().Write(Path.Combine(_temp.Path, "b"), Small(seed: 11));
        var c = new SyntheticChestCtGenerator().Write(Path.Combine(_temp.Path, "c"), Small(seed: 12));

        Assert.Equal(a.ClassMap.Voxels, b.ClassMap.Voxels);
        Assert.Equal(a.Series.SeriesInstanceUid, b.Series.SeriesInstanceUid);
        for (int k = 0; k < a.Series.Slices.Count; k++)
            Assert.Equal(File.ReadAllBytes(a.Series.Slices[k].FilePath), File.ReadAllBytes(b.Series.Slices[k].FilePath));
        Assert.NotEqual(a.ClassMap.Voxels, c.ClassMap.Voxels);
        Assert.NotEqual(a.Series.SeriesInstanceUid, c.Series.SeriesInstanceUid);
        var d = new SyntheticChestCtGenerator().Write(Path.Combine(_temp.Path, "d"), Small(seed: 11) with { Rows = 40 });
        Assert.NotEqual(a.Series.SeriesInstanceUid, d.Series.SeriesInstanceUid);
        Assert.NotEqual(a.Series.Slices[0].SopInstanceUid, d.Series.Slices[0].SopInstanceUid);
    }

    [Fact]
    public void Write_Series_EqualsWhatTheFilesSay()
    {
        var truth = new SyntheticChestCtGenerator().Write(_temp.Path, Small());

        var loaded = TestSeriesLoader.Load(_temp.Path);

        Assert.Equal(truth.Series.SeriesInstanceUid, loaded.SeriesInstanceUid);
        Assert.Equal(truth.Series.StudyInstanceUid, loaded.StudyInstanceUid);
        Assert.Equal(truth.Series.FrameOfReferenceUid, loaded.FrameOfReferenceUid);
        Assert.Equal((truth.Series.Rows, truth.Series.Columns), (loaded.Rows, loaded.Columns));
        Assert.Equal((truth.Series.RowSpacing, truth.Series.ColumnSpacing), (loaded.RowSpacing, loaded.ColumnSpacing));
        Assert.Equal(truth.Series.SliceSpacing, loaded.SliceSpacing, 6);
        Assert.Equal(truth.Series.Slices.Select(s => (s.SopInstanceUid, s.ImagePositionPatient, s.RescaleIntercept, s.RescaleSlope)),
            loaded.Slices.Select(s => (s.SopInstanceUid, s.ImagePositionPatient, s.RescaleIntercept, s.RescaleSlope)));
        Assert.Equal(truth.Series.PatientStudy.PatientId, loaded.PatientStudy.PatientId);
    }

    [Fact]
    public void Write_Anatomy_LungsInsideScanAndRightLungOnPatientRight()
    {
        var truth = new SyntheticChestCtGenerator().Write(_temp.Path, Small());
        var side = truth.SideMap;

        Assert.Equal(0, side.Slice(0).IndexOfAnyExcept((byte)0) + 1);
        Assert.Equal(0, side.Slice(side.Depth - 1).IndexOfAnyExcept((byte)0) + 1);
        // Patient right is −X in LPS; columns increase towards +X, so the right lung is in the low columns.
        double MeanColumn(byte s)
        {
            long sum = 0, n = 0;
            for (int i = 0; i < side.Voxels.Length; i++)
                if (side.Voxels[i] == s) { sum += i % side.Columns; n++; }
            return (double)sum / n;
        }
        Assert.True(MeanColumn(SyntheticChestCtResult.RightSide) < side.Columns / 2.0);
        Assert.True(MeanColumn(SyntheticChestCtResult.LeftSide) > side.Columns / 2.0);
        Assert.True(truth.Counts.RightLungByClass[1] > 0 && truth.Counts.LeftLungByClass[1] > 0);
    }

    [Fact]
    public void Write_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticChestCtGenerator().Write(_temp.Path, Small() with { Slices = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticChestCtGenerator().Write(_temp.Path, Small() with { SliceSpacing = 0 }));
    }
}
