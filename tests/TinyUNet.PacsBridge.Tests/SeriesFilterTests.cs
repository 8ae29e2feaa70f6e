using TinyUNet.PacsBridge;
using TinyUNet.PacsBridge.Configuration;
using TinyUNet.PacsBridge.Orthanc;

namespace TinyUNet.PacsBridge.Tests;

public sealed class SeriesFilterTests
{
    private static OrthancSeries Series(string? modality, string? bodyPart = null, string? description = null) =>
        new("id", "1.2.3", modality, bodyPart, description);

    [Fact]
    public void Qualifies_Defaults_CtOnlyCaseInsensitive()
    {
        var filter = new SeriesFilter(new BridgeOptions());

        Assert.True(filter.Qualifies(Series("CT")));
        Assert.True(filter.Qualifies(Series("ct")));
        Assert.False(filter.Qualifies(Series("MR")));
        Assert.False(filter.Qualifies(Series(null)));
    }

    [Fact]
    public void Qualifies_BodyPartAllowList_RefusesOthersAndMissing()
    {
        var filter = new SeriesFilter(new BridgeOptions { BodyParts = ["CHEST", "LUNG"] });

        Assert.True(filter.Qualifies(Series("CT", "chest")));
        Assert.False(filter.Qualifies(Series("CT", "HEAD")));
        Assert.False(filter.Qualifies(Series("CT")));
    }

    [Fact]
    public void Qualifies_DescriptionPatterns_IncludeThenExclude()
    {
        var filter = new SeriesFilter(new BridgeOptions { IncludeSeriesDescription = "lung|thorax", ExcludeSeriesDescription = "scout|mip" });

        Assert.True(filter.Qualifies(Series("CT", description: "Thorax 1.0 B70f")));
        Assert.False(filter.Qualifies(Series("CT", description: "Lung MIP")));
        Assert.False(filter.Qualifies(Series("CT", description: "Abdomen")));
        Assert.False(filter.Qualifies(Series("CT")));
    }

    [Fact]
    public void Qualifying_OtherModalitiesConfigured_ReplaceTheCtDefault()
    {
        var filter = new SeriesFilter(new BridgeOptions { Modalities = ["PT"] });

        Assert.Equal(["b"], filter.Qualifying([Series("CT") with { OrthancId = "a" }, Series("PT") with { OrthancId = "b" }]).Select(s => s.OrthancId));
    }

    [Fact]
    public void Validate_BadSettings_NamesEach()
    {
        var problems = new BridgeOptions { Name = "", PollIntervalSeconds = 0, BatchSize = 0, ExcludeSeriesDescription = "(" }.Validate().ToList();

        Assert.Contains(problems, p => p.Contains("Bridge:Name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("PollIntervalSeconds", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("BatchSize", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ExcludeSeriesDescription", StringComparison.Ordinal));
        Assert.Empty(new BridgeOptions().Validate());
    }

    [Theory]
    [InlineData("http://127.0.0.1:8042/dicom-web", null, "http://127.0.0.1:8042/")]
    [InlineData("http://pacs/orthanc/dicom-web/", null, "http://pacs/orthanc/")]
    [InlineData("http://pacs/dicom-web", "http://pacs:8042", "http://pacs:8042/")]
    public void RestUri_DerivedFromDicomWebUnlessSet(string dicomWeb, string? rest, string expected) =>
        Assert.Equal(new Uri(expected), new OrthancOptions { DicomWebBaseUrl = dicomWeb, RestBaseUrl = rest }.RestUri);
}
