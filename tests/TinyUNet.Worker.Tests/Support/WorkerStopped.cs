using System.Diagnostics;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>
/// A stop of the in-process worker: when it was asked for (UTC, the activities' clock) and what had been exported when
/// the host's stop returned. An attempt missing there was still running when the host's shutdown timeout cut it short.
/// </summary>
public sealed record WorkerStopped(DateTime RequestedAtUtc, IReadOnlyList<Activity> ExportedByStop);
