namespace TinyUNet.Worker.Tests.Support;

/// <summary>How a stop of the in-process worker ended: <see cref="BusStopped"/> is false when the host's shutdown timeout cut it short.</summary>
public sealed record WorkerStopped(bool BusStopped);
