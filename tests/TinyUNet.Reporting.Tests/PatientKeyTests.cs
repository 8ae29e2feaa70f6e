using TinyUNet.Storage;

namespace TinyUNet.Reporting.Tests;

public sealed class PatientKeyTests
{
    private const string Secret = "site-secret-of-the-test-hospital-0123456789";

    [Fact]
    public void Compute_KnownInput_MatchesAnIndependentHmacSha256()
    {
        // python3: hmac.new(b'site-secret-of-the-test-hospital-0123456789', b'PAT-0042', hashlib.sha256).hexdigest()
        Assert.Equal("77b2887c3cc5dac69eecdbbaa58c99312507398decede0e90af78259f854553e", PatientKey.Compute(Secret, "PAT-0042"));
    }

    [Fact]
    public void Compute_DicomPadding_SameKey_OtherSecretOrId_OtherKey()
    {
        string key = PatientKey.Compute(Secret, "PAT-0042")!;
        Assert.Equal(key, PatientKey.Compute(Secret, "PAT-0042 "));
        Assert.Equal(key, PatientKey.Compute(Secret, "PAT-0042\0"));
        Assert.NotEqual(key, PatientKey.Compute(Secret + "x", "PAT-0042"));
        Assert.NotEqual(key, PatientKey.Compute(Secret, "PAT-0043"));
        Assert.True(ReportQueries.IsPatientKey(key));
        Assert.DoesNotContain("0042", key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "PAT-0042")]
    [InlineData("", "PAT-0042")]
    [InlineData(Secret, null)]
    [InlineData(Secret, "")]
    [InlineData(Secret, "  ")]
    public void Compute_NoSecretOrNoId_NoKey(string? secret, string? id) => Assert.Null(PatientKey.Compute(secret, id));
}
