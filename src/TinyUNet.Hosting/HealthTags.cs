namespace TinyUNet.Hosting;

/// <summary>Tags of the hosts' health checks.</summary>
public static class HealthTags
{
    /// <summary>Checks the readiness probe runs (/health/ready); the liveness probe runs none.</summary>
    public const string Ready = "ready";
}
