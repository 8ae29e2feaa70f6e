using Microsoft.Extensions.Diagnostics.HealthChecks;
using TinyUNet.Worker.Inference;

namespace TinyUNet.Worker.Health;

/// <summary>
/// Every device's model answers a small forward pass (<see cref="TinyUNet.Pipeline.Inference.SegmentationModel.CheckForwardPass"/>).
/// The model runs it once and remembers the answer (the worker's start-up asked first): a model that worked keeps
/// working unless its device fails, and a readiness probe must not queue behind a study's inference every few seconds.
/// </summary>
public sealed class ModelHealthCheck(DevicePipelines pipelines) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check(pipelines));

    private static HealthCheckResult Check(DevicePipelines pipelines)
    {
        var data = new Dictionary<string, object>
        {
            ["model"] = pipelines.Primary.Manifest.Name,
            ["sha256"] = pipelines.Primary.WeightsSha256,
            ["devices"] = string.Join(", ", pipelines.Models.Select(m => m.Device.ToString())),
            ["flipAveraging"] = pipelines.Primary.FlipAveraging,
        };
        var failures = pipelines.Models.Select(m => (m.Device, Failure: m.CheckForwardPass())).Where(f => f.Failure is not null).ToList();
        return failures.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Unhealthy(string.Join("; ", failures.Select(f => $"{f.Device}: {f.Failure}")), data: data);
    }
}
