using Microsoft.Extensions.Diagnostics.HealthChecks;
using TinyUNet.Pipeline.Inference;

namespace TinyUNet.Worker.Health;

/// <summary>The model is loaded (resolving it loads it, once per process) and says which weights it is.</summary>
public sealed class ModelHealthCheck(SegmentationModel model) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(data: new Dictionary<string, object>
        {
            ["model"] = model.Manifest.Name,
            ["sha256"] = model.WeightsSha256,
            ["device"] = model.Device.ToString(),
        }));
}
