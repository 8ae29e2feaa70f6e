using TinyUNet.Dicom.Reading;

namespace TinyUNet.Dicom.Tests.Reading;

public sealed class OptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass() => new DicomReadingOptions().Validate();

    [Fact]
    public void Validate_BadValues_ListsEveryProblem()
    {
        var options = new DicomReadingOptions
        {
            Selection = new SeriesSelectionRules { MinSliceCount = 0, Modality = "" },
            Geometry = new SeriesGeometryRules { SpacingRelativeTolerance = 0.7 },
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("MinSliceCount", error.Message);
        Assert.Contains("Modality", error.Message);
        Assert.Contains("SpacingRelativeTolerance", error.Message);
    }
}
