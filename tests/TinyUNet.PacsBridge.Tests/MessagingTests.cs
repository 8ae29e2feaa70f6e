using TinyUNet.Cli.Commands;
using TinyUNet.Contracts;
using TinyUNet.Messaging;

namespace TinyUNet.PacsBridge.Tests;

public sealed class MessagingTests
{
    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", true)]
    [InlineData("0.1", true)]
    [InlineData("1.02", false)]
    [InlineData("1..2", false)]
    [InlineData("1.2.", false)]
    [InlineData("1.2a", false)]
    [InlineData("", false)]
    public void DicomUidSyntax_IsValid(string uid, bool valid) => Assert.Equal(valid, DicomUidSyntax.IsValid(uid));

    [Fact]
    public void DicomUidSyntax_Over64Characters_Invalid() => Assert.False(DicomUidSyntax.IsValid("1." + new string('1', 63)));

    [Fact]
    public void CorrelationIds_SameParts_SameId_OtherSplit_OtherId()
    {
        Assert.Equal(CorrelationIds.From("a", "1.2", "3"), CorrelationIds.From("a", "1.2", "3"));
        Assert.NotEqual(CorrelationIds.From("a", "1.2", "3"), CorrelationIds.From("a", "1", "2.3"));
        Assert.Equal(8, CorrelationIds.From("x").Version);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 0)]
    [InlineData(7, 7)]
    [InlineData(9, 9)]
    [InlineData(100, 9)]
    public void TransportPriority_ClampedToQueueMax(int priority, byte expected) =>
        Assert.Equal(expected, SegmentStudyQueue.TransportPriority(priority));

    [Fact]
    public void RabbitMqSettings_Missing_NamesTheKeys()
    {
        var problems = new RabbitMqSettings().Validate().ToList();

        Assert.Contains(problems, p => p.Contains("RabbitMq:Host", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("RabbitMq:Password", StringComparison.Ordinal));
    }

    [Fact]
    public void EnqueueListParser_LineErrors_CarryTheLineNumberNotTheText()
    {
        var (entries, errors) = EnqueueListParser.Parse("ids.txt", ["1.2.3", "PATIENT NAME", "", "1.2.4,http://p/dicom-web"], null);

        Assert.Equal(["1.2.4"], entries.Select(e => e.StudyInstanceUid));
        Assert.Equal([1, 2], errors.Select(e => e.Line!.Value));
        Assert.Contains("no --dicomweb default", errors[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PATIENT", errors[1].Message, StringComparison.Ordinal);
    }
}
