using TinyUNet.Dicom;
using TinyUNet.Dicom.Reading;
using TinyUNet.Dicom.Segmentation;
using TinyUNet.Dicom.Synthetic;
using TinyUNet.Model.Bundles;
using TinyUNet.Training.Data;
using TinyUNet.Training.Dicom;

namespace TinyUNet.Training.Tests;

/// <summary>
/// DICOM CT + DICOM-SEG datasets on real files: a synthetic phantom series written by GDCM and a SEG of its ground
/// truth, read back through the DICOM layer into training samples.
/// </summary>
public sealed class DicomSegDatasetTests : IDisposable
{
    private static readonly string[] Classes = ["background", "lung", "ggo", "consolidation"];
    private static readonly ChannelPreprocessing Window = new(-425, 1350);
    private readonly TempFolder temp = new();

    [Fact]
    public void Load_SegOfAllFourSegments_LabelsAreTheGroundTruthClasses()
    {
        SyntheticChestCtResult truth = WriteCase("case1", r => r.ToSegmentMasks());
        var dataset = Open(LungFieldMode.None);

        Assert.Equal(dataset.SampleNames.Count, Enumerable.Range(0, truth.ClassMap.Depth).Count(z => truth.ClassMap.Slice(z).ContainsAnyExcept((byte)0)));
        Assert.Equal(new HashSet<int> { 0, 1, 2, 3 }, dataset.LabelledClasses);
        for (int i = 0; i < dataset.SampleNames.Count; i++)
        {
            SegmentationSample sample = dataset.Load(i);
            int z = int.Parse(sample.Name[^3..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith("case1_z", sample.Name);
            Assert.Equal(truth.ClassMap.Slice(z).ToArray(), sample.Labels);
        }
    }

    [Fact]
    public void Load_Intensities_AreTheSliceHuWindowedToZeroOne()
    {
        SyntheticChestCtResult truth = WriteCase("case1", r => r.ToSegmentMasks());
        SegmentationSample sample = Open(LungFieldMode.None).Load(0);
        int z = int.Parse(sample.Name[^3..], System.Globalization.CultureInfo.InvariantCulture);
        short[] hu = new HuVolumeReader().Read(truth.Series).Slices[z];

        for (int i = 0; i < hu.Length; i += 97)
            Assert.Equal(Math.Clamp((hu[i] - (-425 - 675.0)) / 1350, 0, 1), sample.Intensities[i], 5);
    }

    [Fact]
    public void Open_LesionOnlySegWithDerivedLung_LesionsExactAndLungDerived()
    {
        SyntheticChestCtResult truth = WriteCase("case1", r => r.ToSegmentMasks().Skip(2).Select((m, i) => m with { Segment = m.Segment with { Number = i + 1 } }).ToList());
        var dataset = Open(LungFieldMode.Derive);

        Assert.Contains(1, dataset.LabelledClasses);
        SegmentationSample sample = dataset.Load(0);
        int z = int.Parse(sample.Name[^3..], System.Globalization.CultureInfo.InvariantCulture);
        byte[] expected = truth.ClassMap.Slice(z).ToArray();
        for (int i = 0; i < expected.Length; i++)
            if (expected[i] >= 2) Assert.Equal(expected[i], sample.Labels[i]);
        Assert.Contains((byte)1, sample.Labels);
    }

    [Fact]
    public void Open_SegmentWithUnknownCode_UnknownClassValueNamingTheSegment()
    {
        WriteCase("case1", r => [new SegmentMask(CovidSegments.GroundGlassOpacity with
        {
            Number = 1,
            Label = "Tissue",
            Type = new CodedConcept("85756007", "SCT", "Tissue"),
        }, r.ToSegmentMasks()[2].Mask)]);

        var error = Assert.Throws<DatasetException>(() => Open(LungFieldMode.None));

        Assert.Equal(DatasetErrorKind.UnknownClassValue, error.Kind);
        Assert.Contains("'Tissue'", error.Message);
    }

    [Fact]
    public void Open_ClassMapByLabel_OverridesTheCodedDefault()
    {
        WriteCase("case1", r => r.ToSegmentMasks());
        var spec = new DatasetSpec
        {
            Format = DatasetFormat.DicomSeg,
            Path = temp.Path,
            ClassMap = new Dictionary<string, string> { ["Ground-glass opacity"] = "consolidation" },
            LungField = LungFieldMode.None,
        };

        SegmentationSample sample = new DicomSegDataset(spec, Classes, Window).Load(0);

        Assert.DoesNotContain((byte)2, sample.Labels);
    }

    [Fact]
    public void Open_SegOfAnotherSeries_UnreadableMask()
    {
        SyntheticChestCtResult other = new SyntheticChestCtGenerator().Write(temp.File("other"), Options(seed: 2));
        WriteCase("case1", _ => []);
        new SegmentationWriter().Write(Path.Combine(temp.Path, "case1", DicomSegDataset.SegFile), other.Series, other.ToSegmentMasks(),
            WriterOptions);
        Directory.Delete(temp.File("other"), recursive: true);

        var error = Assert.Throws<DatasetException>(() => Open(LungFieldMode.None));

        Assert.Equal(DatasetErrorKind.UnreadableMask, error.Kind);
    }

    [Fact]
    public void Detect_CaseFolders_DicomSeg()
    {
        WriteCase("case1", r => r.ToSegmentMasks());

        Assert.Equal(DatasetFormat.DicomSeg, DicomSegDatasets.Detect(temp.Path));
        Assert.IsType<DicomSegDataset>(DatasetFactory.Open(new DatasetSpec { Format = DatasetFormat.DicomSeg, Path = temp.Path },
            Classes, Window, DicomSegDatasets.Openers));
    }

    private DicomSegDataset Open(LungFieldMode lung) =>
        new(new DatasetSpec { Format = DatasetFormat.DicomSeg, Path = temp.Path, LungField = lung }, Classes, Window);

    private SyntheticChestCtResult WriteCase(string name, Func<SyntheticChestCtResult, IReadOnlyList<SegmentMask>> segments)
    {
        string folder = Path.Combine(temp.Path, name);
        SyntheticChestCtResult truth = new SyntheticChestCtGenerator().Write(Path.Combine(folder, DicomSegDataset.CtFolder), Options(seed: 1));
        IReadOnlyList<SegmentMask> masks = segments(truth);
        if (masks.Count > 0)
            new SegmentationWriter().Write(Path.Combine(folder, DicomSegDataset.SegFile), truth.Series, masks,
                WriterOptions);
        return truth;
    }

    private static SegmentationWriterOptions WriterOptions => new()
    {
        AlgorithmName = "ground truth", AlgorithmVersion = "1", SoftwareVersion = "test",
    };

    private static SyntheticChestCtOptions Options(int seed) => new() { Rows = 48, Columns = 48, Slices = 6, Seed = seed };

    public void Dispose() => temp.Dispose();
}
