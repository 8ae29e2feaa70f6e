using Microsoft.Extensions.Diagnostics.HealthChecks;
using TinyUNet.Worker.Inference;

namespace TinyUNet.Worker.Health;

/// <summary>
/// Every device's model answers a small forward pass (<see cref="TinyUNet.Pipeline.Inference.SegmentationModel.CheckForwardPass"/>,
/// run once per model, at start-up, and remembered).
/// </summary>
public sealed class ModelHealthCheck(DevicePipelines pipelines) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["model"] = pipelines.Primary.Manifest.Name,
            ["sha256"] = pipelines.Primary.WeightsSha256,
            ["devices"] = string.Join(", ", pipelines.Models.Select(m => m.Device.ToString())),
        };
        var failures = pipelines.Models.Select(m => (m.Device, Failure: m.CheckForwardPass())).Where(f => f.Failure is not null).ToList();
        return Task.FromResult(failures.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Unhealthy(string.Join("; ", failures.Select(f => $"{f.Device}: {f.Failure}")), data: data));
    }
}
