namespace TinyUNet.Cli.Commands;

/// <summary>
/// One unusable request (a bad UID, an unreadable list line, a folder without exactly one study): reported with where
/// it came from, and the rest still sent. The message never repeats a line's text, which may hold anything.
/// </summary>
public sealed class EnqueueInputException(string origin, int? line, string reason)
    : Exception(line is { } n ? $"{origin} line {n}: {reason}" : $"{origin}: {reason}")
{
    public string Origin { get; } = origin;
    public int? Line { get; } = line;
    public string Reason { get; } = reason;
}
