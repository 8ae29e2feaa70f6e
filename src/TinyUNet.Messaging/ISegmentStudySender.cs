using TinyUNet.Contracts;

namespace TinyUNet.Messaging;

/// <summary>Puts a <see cref="SegmentStudy"/> on the worker's queue; returns once the broker has confirmed it.</summary>
public interface ISegmentStudySender
{
    Task SendAsync(SegmentStudy command, CancellationToken cancellationToken);
}
