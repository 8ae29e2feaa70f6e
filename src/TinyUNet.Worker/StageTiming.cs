namespace TinyUNet.Worker;

/// <summary>One finished stage of a run: retrieval, a pipeline stage, STOW or storage.</summary>
public sealed record StageTiming(string Stage, DateTimeOffset Start, double Milliseconds);
