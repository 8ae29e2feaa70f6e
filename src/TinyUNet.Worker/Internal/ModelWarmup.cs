using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TinyUNet.Pipeline.Inference;

namespace TinyUNet.Worker.Internal;

/// <summary>
/// Resolving the singleton loads the model while the host starts (registered before the bus), so a bad bundle stops
/// the worker before it takes a message.
/// </summary>
internal sealed class ModelWarmup(SegmentationModel model, ILogger<ModelWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.ModelLoaded(logger, model.Manifest.Name, model.Manifest.Version, model.WeightsSha256, model.Device.ToString());
        // Only the environment can put every thread on one malloc arena, and on the CPU that is worth ~1.5×.
        if (model.Device.type == TorchSharp.DeviceType.CPU && OperatingSystem.IsLinux()
            && Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
            Log.SlowAllocatorSetting(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
