using TinyUNet.PacsBridge;
using TinyUNet.PacsBridge.Orthanc;

namespace TinyUNet.PacsBridge.Tests;

public sealed class SeriesFingerprintTests
{
    private static OrthancSeries Ct(string uid, int instances) => new("orthanc-" + uid, uid, "CT", null, null, instances);

    [Fact]
    public void Of_SameSeriesInAnotherOrder_SameFingerprint() =>
        Assert.Equal(SeriesFingerprint.Of([Ct("1.2.1", 60), Ct("1.2.2", 3)]), SeriesFingerprint.Of([Ct("1.2.2", 3), Ct("1.2.1", 60)]));

    [Fact]
    public void Of_MoreInstancesOrAnotherSeries_DifferentFingerprint()
    {
        string before = SeriesFingerprint.Of([Ct("1.2.1", 60)]);

        Assert.NotEqual(before, SeriesFingerprint.Of([Ct("1.2.1", 61)]));
        Assert.NotEqual(before, SeriesFingerprint.Of([Ct("1.2.1", 60), Ct("1.2.2", 1)]));
    }
}
