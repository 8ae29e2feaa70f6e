using TinyUNet.Model.Bundles;
using TinyUNet.Training.Data;

namespace TinyUNet.Training.Tests;

public sealed class DatasetFactoryTests
{
    private static readonly string[] Classes = ["background", "lung", "ggo", "consolidation"];
    private static readonly ChannelPreprocessing Window = new(-425, 1350);

    [Fact]
    public void Open_DicomSegWithoutOpener_ExplainsWhereItLives()
    {
        var spec = new DatasetSpec { Path = Path.GetTempPath(), Format = DatasetFormat.DicomSeg };

        var error = Assert.Throws<DatasetException>(() => DatasetFactory.Open(spec, Classes, Window));

        Assert.Equal(DatasetErrorKind.InvalidConfiguration, error.Kind);
        Assert.Contains("DICOM", error.Message);
    }

    [Fact]
    public void Open_RegisteredOpener_IsUsedForItsFormat()
    {
        var spec = new DatasetSpec { Path = SharedData.CovidSemiSeg, Format = DatasetFormat.DicomSeg };
        var openers = new Dictionary<DatasetFormat, DatasetFactory.Opener>
        {
            [DatasetFormat.DicomSeg] = (s, c, _) => new ImageFolderDataset(s with { Format = DatasetFormat.ImageFolder }, c),
        };

        ISegmentationDataset dataset = DatasetFactory.Open(spec, Classes, Window, openers);

        Assert.Equal(50, dataset.SampleNames.Count);
    }

    [Fact]
    public void Detect_SharedSet_IsImageFolder() =>
        Assert.Equal(DatasetFormat.ImageFolder, DatasetFactory.Detect(SharedData.CovidSemiSeg));
}
