using TinyUNet.Messaging;

namespace TinyUNet.Worker.Tests;

/// <summary>The retry queues as the broker sees them: named after their pause, dead-lettering back to the worker's exchange.</summary>
public sealed class RetryQueueNamingTests
{
    [Theory]
    [InlineData(60, "segment-study_retry-60s")]
    [InlineData(1.5, "segment-study_retry-1500ms")]
    public void Name_Pause_NamedInWholeSecondsOrMilliseconds(double seconds, string expected) =>
        Assert.Equal(expected, SegmentStudyRetryQueues.Name(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Arguments_Pause_TtlInMillisecondsAndDeadLetteredToSegmentStudy()
    {
        var arguments = SegmentStudyRetryQueues.Arguments(TimeSpan.FromMinutes(2));

        Assert.Equal(120_000, arguments["x-message-ttl"]);
        Assert.Equal("segment-study", arguments["x-dead-letter-exchange"]);
        Assert.Equal(new Uri("exchange:segment-study_retry-120s"), SegmentStudyRetryQueues.SendAddress(TimeSpan.FromMinutes(2)));
    }

    [Theory]
    [InlineData(0.0004, false)]
    [InlineData(0.001, true)]
    [InlineData(2_147_483.647, true)]
    [InlineData(2_147_483.648, false)]
    public void IsValidPause_WholeMillisecondsWithinInt(double seconds, bool valid) =>
        Assert.Equal(valid, SegmentStudyRetryQueues.IsValidPause(TimeSpan.FromSeconds(seconds)));
}
