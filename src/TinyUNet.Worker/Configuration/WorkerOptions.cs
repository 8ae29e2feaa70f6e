using TinyUNet.Hosting;

namespace TinyUNet.Worker.Configuration;

/// <summary>
/// How the worker stops. A study running when the host is asked to stop gets <see cref="StudyStopGrace"/> to finish;
/// then it is cancelled: its work folder is removed, nothing is written, and its message goes back to the queue for
/// another worker. The whole stop takes at most <see cref="ShutdownTimeoutSeconds"/>, so a Kubernetes pod's
/// terminationGracePeriodSeconds must be larger than it.
/// </summary>
public sealed class WorkerOptions : IValidatedOptions
{
    public const string Section = "Worker";

    public int ShutdownTimeoutSeconds { get; set; } = 60;

    public TimeSpan ShutdownTimeout => TimeSpan.FromSeconds(ShutdownTimeoutSeconds);

    /// <summary>
    /// Workers a study may end (crash, kill) before the next one to take it sets it aside into the error queue
    /// instead of processing it: the crash-loop guard. 3 by default.
    /// </summary>
    public int CrashLimit { get; set; } = 3;

    /// <summary>The shutdown timeout less the time kept back to abandon a study cleanly (10 s, or half when shorter).</summary>
    public TimeSpan StudyStopGrace => ShutdownTimeout - TimeSpan.FromSeconds(Math.Min(10, ShutdownTimeoutSeconds / 2.0));

    public IEnumerable<string> Validate()
    {
        if (ShutdownTimeoutSeconds is < 2 or > 3600) yield return $"{Section}:ShutdownTimeoutSeconds must be 2–3600.";
        if (CrashLimit is < 1 or > 100) yield return $"{Section}:CrashLimit must be 1–100.";
    }
}
