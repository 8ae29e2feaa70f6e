using TinyUNet.Contracts;
namespace TinyUNet.PacsBridge.Tests;

public sealed class DicomUidSyntaxTests
{
    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2")]
    [InlineData("0")]
    [InlineData("1.0.2")]
    [InlineData("2.25.329800735698586629295641978511506172918")]
    public void IsValid_WellFormedUid_True(string uid) => Assert.True(DicomUidSyntax.IsValid(uid));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1..2")]
    [InlineData(".1.2")]
    [InlineData("1.2.")]
    [InlineData("1.02")]
    [InlineData("1.2.a")]
    [InlineData("1.2 ")]
    [InlineData("../../etc/passwd")]
    [InlineData("1.2;DROP TABLE runs")]
    [InlineData("1.٣")]
    public void IsValid_Malformed_False(string? uid) => Assert.False(DicomUidSyntax.IsValid(uid));

    [Fact]
    public void IsValid_LengthLimit_64AllowedAnd65Refused()
    {
        string uid64 = "1." + new string('9', 62);
        Assert.True(DicomUidSyntax.IsValid(uid64));
        Assert.False(DicomUidSyntax.IsValid(uid64 + "9"));
    }
}
