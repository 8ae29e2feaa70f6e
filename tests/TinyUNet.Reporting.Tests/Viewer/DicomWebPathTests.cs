using TinyUNet.ReportApi.Viewer;

namespace TinyUNet.Reporting.Tests.Viewer;

/// <summary>The proxy's allow-list: what OHIF asks for passes; every way out of the DICOMweb root does not.</summary>
public sealed class DicomWebPathTests
{
    [Theory]
    [InlineData("studies")]
    [InlineData("series")]
    [InlineData("studies/1.2.3")]
    [InlineData("studies/1.2.3/series")]
    [InlineData("studies/1.2.3/metadata")]
    [InlineData("studies/1.2.3/series/1.2.3.4/metadata")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/1")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/1,2,30")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/1/rendered")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/thumbnail")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/bulk/7fe00010")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/bulk/00409096/0/00409212")]
    public void IsAllowed_QidoOrWadoResource_True(string path) => Assert.True(DicomWebPath.IsAllowed(path), path);

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../system")]
    [InlineData("studies/..")]
    [InlineData("studies/../../system")]
    [InlineData("studies/1.2.3/../../../tools/execute-script")]
    [InlineData("studies/..%2F..%2Fsystem")]
    [InlineData("studies/1.2.3%2F..%2F..")]
    [InlineData("studies/%2e%2e/%2e%2e/patients")]
    [InlineData("studies\\..\\..\\system")]
    [InlineData("studies//1.2.3")]
    [InlineData("studies/1.2.3/")]
    [InlineData("/studies/1.2.3")]
    [InlineData("patients")]
    [InlineData("instances/1.2.3/file")]
    [InlineData("studies/1.2.3/archive")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/file")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/0")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/../../../../..")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/bulk/..")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/bulk/7fe00010/../../../..")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/metadata/extra")]
    [InlineData("studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/instances/1.2")]
    [InlineData("studies/.1.2")]
    [InlineData("studies/1..2")]
    [InlineData("studies/1.2.3?x=/../../system")]
    public void IsAllowed_NotUnderTheDicomWebRoot_False(string path) => Assert.False(DicomWebPath.IsAllowed(path), path);

    [Fact]
    public void IsAllowed_UidLongerThanDicomAllows_False() =>
        Assert.False(DicomWebPath.IsAllowed("studies/" + string.Join('.', Enumerable.Repeat("12345", 11))));
}
