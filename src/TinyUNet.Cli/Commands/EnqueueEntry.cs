using TinyUNet.Contracts;

namespace TinyUNet.Cli.Commands;

/// <summary>One study to send, and where the request for it came from (a list line, a folder, the command line).</summary>
public sealed record EnqueueEntry(string StudyInstanceUid, string? SeriesInstanceUid, StudySource Source, string Origin, int? Line = null);
